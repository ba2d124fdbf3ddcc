/**
 * Auto-configuration of the HTTP service groups that call the Crayon API: the {@code crayon}
 * group and one per configured client, whose {@code RestClient} or {@code WebClient} gets the
 * bearer decorator and the client's base URL.
 */
@NullMarked
package com.crayon.token.autoconfigure.service;

import org.jspecify.annotations.NullMarked;
