package com.crayon.token.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Starts a {@link CrayonApiSimulator} for the application context of a {@code @SpringBootTest}
 * (or any Spring test) and points the starter at it.
 *
 * <p>The simulator is a bean the test can {@code @Autowired}; {@code crayon.api.base-url},
 * {@code client-id}, {@code client-secret}, {@code username} and {@code password} are set to it,
 * below the test's own inlined properties ({@code @SpringBootTest(properties = ...)},
 * {@code @TestPropertySource}), so a test can still send a wrong password on purpose. The
 * simulator is reset after each test method (its faults and recorded requests, not its tokens),
 * and stopped when the context closes. Test classes with the same attributes share one cached
 * context and so one simulator.
 *
 * <pre class="code">
 * &#64;SpringBootTest
 * &#64;EnableCrayonApiSimulator
 * class OrganizationsServiceTests {
 *
 *     &#64;Autowired
 *     CrayonApiSimulator crayon;
 *
 * }
 * </pre>
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
public @interface EnableCrayonApiSimulator {

	/**
	 * Client id the simulator accepts, also set as {@code crayon.api.client-id}.
	 * @return the client id
	 */
	String clientId() default CrayonApiSimulator.DEFAULT_CLIENT_ID;

	/**
	 * Client secret the simulator accepts, also set as {@code crayon.api.client-secret}.
	 * @return the client secret
	 */
	String clientSecret() default CrayonApiSimulator.DEFAULT_CLIENT_SECRET;

	/**
	 * User name the simulator accepts, also set as {@code crayon.api.username}.
	 * @return the user name
	 */
	String username() default CrayonApiSimulator.DEFAULT_USERNAME;

	/**
	 * Password the simulator accepts, also set as {@code crayon.api.password}.
	 * @return the password
	 */
	String password() default CrayonApiSimulator.DEFAULT_PASSWORD;

	/**
	 * Lifetime of the tokens the simulator issues, in Spring Boot's duration format ({@code 1h},
	 * {@code 90s}, {@code PT5M}), at least 1 second.
	 * @return the lifetime
	 */
	String expiresIn() default "1h";

}
