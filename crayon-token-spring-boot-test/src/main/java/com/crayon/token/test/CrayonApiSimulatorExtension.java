package com.crayon.token.test;

import java.util.function.UnaryOperator;

import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

import org.springframework.util.Assert;

/**
 * JUnit 5 extension for tests without Spring: starts one {@link CrayonApiSimulator} per test class
 * on first use, injects it into test and lifecycle methods that declare a
 * {@code CrayonApiSimulator} parameter, resets it before each test (faults and recorded
 * requests), and closes it after the class.
 *
 * <pre class="code">
 * &#64;ExtendWith(CrayonApiSimulatorExtension.class)
 * class MyCrayonClientTests {
 *
 *     &#64;Test
 *     void listWhenTokenEndpointFailsOnceThenRetried(CrayonApiSimulator crayon) { ... }
 *
 * }
 * </pre>
 *
 * Registered as a field, it configures the simulator and gives access to it outside methods:
 *
 * <pre class="code">
 * &#64;RegisterExtension
 * static final CrayonApiSimulatorExtension crayon = new CrayonApiSimulatorExtension(
 *         (builder) -&gt; builder.user("alice", "s3cret").expiresIn(Duration.ofMinutes(5)));
 * </pre>
 */
public final class CrayonApiSimulatorExtension implements ParameterResolver, BeforeEachCallback {

	private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace
		.create(CrayonApiSimulatorExtension.class);

	private final UnaryOperator<CrayonApiSimulator.Builder> configuration;

	private volatile CrayonApiSimulator simulator;

	/**
	 * Create an extension whose simulator has the default credentials and token lifetime.
	 */
	public CrayonApiSimulatorExtension() {
		this(UnaryOperator.identity());
	}

	/**
	 * Create an extension whose simulator the given function configures.
	 * @param configuration receives a new builder and returns it, configured
	 */
	public CrayonApiSimulatorExtension(UnaryOperator<CrayonApiSimulator.Builder> configuration) {
		Assert.notNull(configuration, "configuration must not be null");
		this.configuration = configuration;
	}

	/**
	 * Return the simulator of the test class running now.
	 * @return the started simulator
	 * @throws IllegalStateException if no test has used it yet (as a parameter, or through
	 * {@code beforeEach})
	 */
	public CrayonApiSimulator simulator() {
		CrayonApiSimulator simulator = this.simulator;
		Assert.state(simulator != null, "The Crayon API simulator has not been started yet");
		return simulator;
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		simulator(context).reset();
	}

	@Override
	public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return parameterContext.getParameter().getType() == CrayonApiSimulator.class;
	}

	@Override
	public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
		return simulator(extensionContext);
	}

	/**
	 * Return the simulator of the test class, started on first use and kept in the class's store,
	 * which closes it (an {@link AutoCloseable}) once the class has run.
	 */
	private CrayonApiSimulator simulator(ExtensionContext context) {
		ExtensionContext classContext = context;
		while (classContext.getTestMethod().isPresent() && classContext.getParent().isPresent()) {
			classContext = classContext.getParent().get();
		}
		CrayonApiSimulator simulator = classContext.getStore(NAMESPACE)
			.getOrComputeIfAbsent(CrayonApiSimulator.class,
					(key) -> this.configuration.apply(CrayonApiSimulator.builder()).start(), CrayonApiSimulator.class);
		this.simulator = simulator;
		return simulator;
	}

}
