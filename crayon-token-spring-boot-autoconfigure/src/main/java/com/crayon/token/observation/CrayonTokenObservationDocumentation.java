package com.crayon.token.observation;

import io.micrometer.common.docs.KeyName;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationConvention;
import io.micrometer.observation.docs.ObservationDocumentation;

/**
 * Documents the observations of the Crayon token starter and their key names.
 */
public enum CrayonTokenObservationDocumentation implements ObservationDocumentation {

	/**
	 * One token request, all its attempts together.
	 */
	TOKEN_REQUEST {

		@Override
		public Class<? extends ObservationConvention<? extends Observation.Context>> getDefaultConvention() {
			return DefaultCrayonTokenRequestObservationConvention.class;
		}

		@Override
		public KeyName[] getLowCardinalityKeyNames() {
			return LowCardinalityKeyNames.values();
		}

		@Override
		public KeyName[] getHighCardinalityKeyNames() {
			return HighCardinalityKeyNames.values();
		}

	};

	/**
	 * Low-cardinality keys of a token request observation.
	 */
	public enum LowCardinalityKeyNames implements KeyName {

		/**
		 * Name of the Crayon client, {@code default} for the top-level one, {@code registered} for
		 * every client registered at run time.
		 */
		CLIENT {
			@Override
			public String asString() {
				return "crayon.client";
			}
		},

		/** Why the token was requested: {@code load}, {@code refresh} or {@code reauth}. */
		TRIGGER {
			@Override
			public String asString() {
				return "trigger";
			}
		},

		/**
		 * How the request ended: {@code success}, {@code credentials-rejected},
		 * {@code server-error}, {@code timeout}, {@code unreachable}, {@code invalid-response}, or
		 * {@code cancelled} (its client was closed, removed or given new credentials first).
		 */
		OUTCOME {
			@Override
			public String asString() {
				return "outcome";
			}
		},

		/**
		 * Where the token came from: {@code endpoint} (this instance asked the Crayon API),
		 * {@code store} (a shared store that another instance filled) or {@code none} (failed).
		 */
		SOURCE {
			@Override
			public String asString() {
				return "source";
			}
		}

	}

	/**
	 * High-cardinality keys of a token request observation.
	 */
	public enum HighCardinalityKeyNames implements KeyName {

		/** Name of a client registered at run time. */
		CLIENT_NAME {
			@Override
			public String asString() {
				return "crayon.client.name";
			}
		}

	}

}
