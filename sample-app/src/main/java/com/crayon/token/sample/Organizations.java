package com.crayon.token.sample;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * One page of the Crayon API's organizations, as {@code GET /api/v1/organizations/} answers it.
 *
 * @param totalHits how many organizations the user can see in total
 * @param items the organizations on this page
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({ "TotalHits", "Items" })
public record Organizations(@JsonProperty("TotalHits") long totalHits,
		@JsonProperty("Items") List<Organization> items) {

	/**
	 * Organization in the Crayon API, reduced to the fields this sample shows.
	 *
	 * @param id the organization's id
	 * @param name the organization's name
	 */
	@JsonIgnoreProperties(ignoreUnknown = true)
	@JsonPropertyOrder({ "Id", "Name" })
	public record Organization(@JsonProperty("Id") long id, @JsonProperty("Name") String name) {

	}

}
