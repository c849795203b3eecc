package dev.jitbroker.policy;

import java.util.List;

/**
 * Which requests a rule is about. An empty list (or null requesters) is an absent part and matches anything.
 *
 * @param grantTypes wire names such as {@code azure-rbac}
 */
record Match(List<ScopePattern> scopes, List<RolePattern> roles, RequesterMatch requesters, List<String> grantTypes) {

  static final Match ANYTHING = new Match(List.of(), List.of(), null, List.of());

  Match {
    scopes = List.copyOf(scopes);
    roles = List.copyOf(roles);
    grantTypes = List.copyOf(grantTypes);
  }

  /** How specifically this matches {@code request}, or null when it does not match. */
  Specificity specificity(RequestFacts request) {
    int scopeRank = Specificity.ANY_SCOPE;
    int literals = 0;
    for (ScopePattern p : scopes) {
      if (p.matches(request.scope())) {
        int rank = p.exact() ? Specificity.EXACT_SCOPE : Specificity.SCOPE_PATTERN;
        if (rank > scopeRank || rank == scopeRank && p.literals() > literals) {
          scopeRank = rank;
          literals = p.literals();
        }
      }
    }
    if (!scopes.isEmpty() && scopeRank == Specificity.ANY_SCOPE) {
      return null;
    }
    if (!roles.isEmpty() && roles.stream().noneMatch(r -> r.matches(request.role()))) {
      return null;
    }
    int requester = RequesterMatch.admits(requesters, request.requester());
    if (requester == RequesterMatch.NO) {
      return null;
    }
    if (!grantTypes.isEmpty() && !grantTypes.contains(request.grantType())) {
      return null;
    }
    return new Specificity(scopeRank, literals, roles.isEmpty() ? 0 : 1, requester, grantTypes.isEmpty() ? 0 : 1);
  }
}
