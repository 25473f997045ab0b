/**
 * The import directions of Keel (docs/architecture.md, "The map"), checked by
 * lib/architecture.test.ts on every unit run (and so in CI):
 *
 *   app/  ->  lib/<feature>  ->  lib/<infrastructure>
 *
 * Infrastructure (the database, the job machinery, mail transport, HTTP and forms adapters, rate
 * limiting, the server hooks, configuration, logging) never imports a feature: features register
 * what infrastructure runs for them (job handlers, limits) when they load, and the composition
 * root (lib/features.ts) is the one module below app/ that names every feature.
 */
const INFRASTRUCTURE = [
  "^lib/db/",
  "^lib/jobs/",
  "^lib/mail/(transport|mailbox)\\.ts$",
  "^lib/http/",
  "^lib/forms/",
  "^lib/rate-limit/",
  "^lib/server/",
  "^lib/bcrypt/",
  "^lib/(env|errors|log|redis|tracing|request-context|client-ip|maybe-promise|process-singleton|pagination)\\.ts$",
];
const FEATURES = [
  "^lib/auth/",
  "^lib/users/",
  "^lib/orders/",
  "^lib/shipping/",
  "^lib/activity/",
  "^lib/security-centre/",
  "^lib/links/",
  "^lib/mail/(deliver\\.ts|templates/)",
];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "infrastructure-imports-feature",
      comment: "Infrastructure must not know the features: let the feature register with it instead (a job handler, a limit, a session fragment).",
      severity: "error",
      from: { path: INFRASTRUCTURE, pathNot: "\\.test\\.ts$" },
      to: { path: FEATURES, dependencyTypesNot: ["type-only"] },
    },
    {
      name: "lib-imports-app",
      comment: "lib/ is what app/ is built from; it never reaches back into routes or pages.",
      severity: "error",
      from: { path: "^lib/" },
      to: { path: "^app/" },
    },
    {
      name: "no-circular",
      comment: "A cycle makes module start-up order matter; break it by moving the shared piece down.",
      severity: "error",
      from: { path: "^lib/" },
      to: { circular: true, dependencyTypesNot: ["type-only"] },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: ["^lib/db/generated/", "node_modules"] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
  },
};
