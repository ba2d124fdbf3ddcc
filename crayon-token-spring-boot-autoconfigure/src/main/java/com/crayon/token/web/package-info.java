/**
 * Bearer tokens on HTTP requests: {@link com.crayon.token.web.CrayonBearerExchangeFilterFunction}
 * for {@code WebClient}, {@link com.crayon.token.web.CrayonBearerClientHttpRequestInterceptor} for
 * {@code RestClient} and {@code RestTemplate}, and {@link com.crayon.token.web.CrayonClient} with
 * {@link com.crayon.token.web.CrayonRequestAttributes} to choose a request's client; a token goes
 * only below its client's base URL.
 */
@NullMarked
package com.crayon.token.web;

import org.jspecify.annotations.NullMarked;
