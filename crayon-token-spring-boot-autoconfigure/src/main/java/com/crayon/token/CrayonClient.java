package com.crayon.token;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the Crayon client whose token the requests of an HTTP interface ({@code @HttpExchange})
 * carry; on a method it wins over one on the interface. {@link CrayonClientRequestValuesProcessor}
 * turns it into the {@link CrayonRequestAttributes#crayonClient(String)} request attribute.
 *
 * <pre class="code">
 * &#64;CrayonClient("demo")
 * &#64;HttpExchange("/api/v1/organizations/")
 * interface DemoOrganizations { ... }
 * </pre>
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface CrayonClient {

	/**
	 * Return the client's name, as configured under {@code crayon.api.clients.<name>} or
	 * registered at run time.
	 * @return the client's name
	 */
	String value();

}
