package com.crayon.token.autoconfigure;

import java.util.List;

/**
 * The HTTP service groups that call the Crayon API, one per client that has one.
 *
 * @param groups the groups
 */
record CrayonHttpServiceGroups(List<CrayonHttpServiceGroup> groups) {

}
