package com.crayon.token.docs.whichclient;

import org.springframework.context.annotation.Configuration;
import org.springframework.web.service.registry.ImportHttpServices;

/**
 * README "Which client?": registers {@link CrayonOrganizations} in the {@code crayon} group.
 */
@Configuration(proxyBeanMethods = false)
@ImportHttpServices(group = "crayon", types = CrayonOrganizations.class)
public class CrayonHttpServices {

}
