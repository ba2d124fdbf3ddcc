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
 * <p>The simulator is a bean the test can {@code @Autowired}. It serves the clients the
 * application configures, and no other: {@code crayon.api.base-url} is set to it; the top-level
 * {@code client-id}, {@code client-secret}, {@code username} and {@code password} are set to the
 * annotation's attributes only when the application has a top-level client (it configures no named
 * client, or all four top-level credentials); and each named client
 * {@code crayon.api.clients.<name>} gets the simulator's {@code base-url}, the annotation's client
 * id and secret, and a user of its own, {@code <username>-<name>} with the password
 * {@code <password>-<name>}, so that {@link RecordedApiRequest#username()} tells the clients apart.
 * These properties rank below the test's own inlined properties
 * ({@code @SpringBootTest(properties = ...)}, {@code @TestPropertySource(properties = ...)}), so
 * a test can still send a wrong password on purpose, and above the application's own. The
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
	 * Client id the simulator accepts, also set as the client id of every client it serves.
	 * @return the client id
	 */
	String clientId() default CrayonApiSimulator.DEFAULT_CLIENT_ID;

	/**
	 * Client secret the simulator accepts, also set as the client secret of every client it
	 * serves.
	 * @return the client secret
	 */
	String clientSecret() default CrayonApiSimulator.DEFAULT_CLIENT_SECRET;

	/**
	 * User name the simulator accepts, also set as {@code crayon.api.username} for a top-level
	 * client, and the prefix of each named client's user name.
	 * @return the user name
	 */
	String username() default CrayonApiSimulator.DEFAULT_USERNAME;

	/**
	 * Password the simulator accepts, also set as {@code crayon.api.password} for a top-level
	 * client, and the prefix of the password of each named client's user.
	 * @return the password
	 */
	String password() default CrayonApiSimulator.DEFAULT_PASSWORD;

	/**
	 * Names of named clients to serve besides those the application's properties configure under
	 * {@code crayon.api.clients.<name>} when the test starts, such as clients whose properties
	 * arrive later; each is created as a named client.
	 * @return the client names
	 */
	String[] clients() default {};

	/**
	 * Lifetime of the tokens the simulator issues, in Spring Boot's duration format ({@code 1h},
	 * {@code 90s}, {@code PT5M}), at least 1 second.
	 * @return the lifetime
	 */
	String expiresIn() default "1h";

}
