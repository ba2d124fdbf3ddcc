/**
 * The README's "Which client?" snippets, compiled and exercised by the application tests so
 * that they cannot rot.
 */
@NullMarked
package com.crayon.token.docs.whichclient;

import org.jspecify.annotations.NullMarked;
