/**
 * The README's "Errors in a controller" snippet, compiled and exercised by
 * {@code ErrorsReadmeTests} so that it cannot rot.
 */
@NullMarked
package com.crayon.token.docs.errors;

import org.jspecify.annotations.NullMarked;
