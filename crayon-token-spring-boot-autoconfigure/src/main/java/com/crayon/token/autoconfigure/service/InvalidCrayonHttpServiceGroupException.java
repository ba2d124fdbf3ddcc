package com.crayon.token.autoconfigure.service;

/**
 * Thrown at start-up when an HTTP service group the starter configures for the Crayon API could
 * not authenticate its requests: no Crayon client serves the group, or an interface or method of
 * the group names a client ({@code @CrayonClient}) whose base URL does not cover the group's.
 */
public class InvalidCrayonHttpServiceGroupException extends IllegalStateException {

	private static final long serialVersionUID = 1L;

	private final String group;

	private final String problem;

	private final String action;

	InvalidCrayonHttpServiceGroupException(String group, String problem, String action) {
		super(problem + "; " + action);
		this.group = group;
		this.problem = problem;
		this.action = action;
	}

	/**
	 * Return the name of the HTTP service group.
	 * @return the group's name, such as {@code crayon}
	 */
	public String getGroup() {
		return this.group;
	}

	/**
	 * Return what is wrong with the group.
	 * @return the problem, naming the group and the clients
	 */
	public String getProblem() {
		return this.problem;
	}

	/**
	 * Return what to do about it.
	 * @return the fix
	 */
	public String getAction() {
		return this.action;
	}

}
