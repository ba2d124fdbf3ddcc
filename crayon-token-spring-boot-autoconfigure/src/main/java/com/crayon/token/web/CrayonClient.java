package com.crayon.token.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the Crayon client whose token the requests of an HTTP interface ({@code @HttpExchange})
 * carry; on a type it applies to the methods the type declares and to those it inherits, and on a
 * method it wins over one on the type. {@link CrayonClientRequestValuesProcessor}, created with the
 * proxy factory's service types, turns it into the
 * {@link CrayonRequestAttributes#crayonClient(String)} request attribute.
 *
 * <pre class="code">
 * &#64;CrayonClient("demo")
 * &#64;HttpExchange("/api/v1/organizations/")
 * interface DemoOrganizations { ... }
 *
 * &#64;CrayonClient("demo")
 * interface DemoInvoices extends Invoices { }   // Invoices' methods carry demo's token
 * </pre>
 *
 * <p>A method that two interfaces of one proxy factory (one HTTP service group) give different
 * clients, such as {@code Invoices} and {@code DemoInvoices} together, is refused when the
 * processor is created: annotate the method, or register the interfaces in groups of their own.
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
