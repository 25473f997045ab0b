/**
 * The import directions of Keel (docs/architecture.md, "The map"), checked by
 * lib/architecture.test.ts on every unit run (and so in CI):
 *
 *   app/  ->  lib/<feature>  ->  lib/<infrastructure>
 *
 * Infrastructure (the database, the job machinery, mail transport, HTTP and forms adapters, rate
 * limiting, the server hooks, configuration, logging) never imports a feature: features register
 * what infrastructure runs for them (job handlers, limits, session fragments) when they load, and
 * the composition root (lib/features.ts) is the one module below app/ that names every feature.
 * Everything under lib/ that is not infrastructure is a feature.
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
  "^lib/(env|errors|log|redis|tracing|request-context|client-ip|process-singleton|pagination|sealed-secrets)\.ts$",
];
/**
 * The adapters between a transport and the features: the API route wrapper and its document, and
 * the server-action wrapper. They resolve the caller through lib/auth (the guard), which is their
 * job; nothing else in lib/http or lib/forms may import a feature.
 */
const ADAPTERS = ["^lib/http/(route|openapi)\.ts$", "^lib/forms/(action|read-action)\.ts$"];
/**
 * Known exception, to be inverted next (each queue's payload schema declared by its feature, as the
 * handlers are): the job catalogue validates payloads with the mail and link schemas.
 */
const JOB_CATALOGUE = ["^lib/jobs/payloads\\.ts$"];

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "infrastructure-imports-feature",
      comment: "Infrastructure must not know the features: let the feature register with it instead (a job handler, a limit, a session fragment).",
      severity: "error",
      from: { path: INFRASTRUCTURE, pathNot: ["\\.test\\.ts$", ...ADAPTERS, ...JOB_CATALOGUE] },
      to: { path: "^lib/", pathNot: INFRASTRUCTURE, dependencyTypesNot: ["type-only"] },
    },
    {
      name: "database-is-the-bottom",
      comment: "lib/db is below everything, the job machinery included: whoever needs work done on a fresh database registers it (onDatabaseOpen).",
      severity: "error",
      from: { path: "^lib/db/", pathNot: "\\.test\\.ts$" },
      to: { path: ["^lib/(jobs|mail|http|forms|rate-limit|server|bcrypt)/"] },
    },
    {
      name: "lib-imports-app",
      comment: "lib/ is what app/ is built from; it never reaches back into routes or pages.",
      severity: "error",
      from: { path: "^lib/", pathNot: "\\.test\\.ts$" },
      to: { path: "^app/" },
    },
    {
      name: "no-circular",
      comment: "A cycle makes module start-up order matter; break it by moving the shared piece down.",
      severity: "error",
      from: { path: "^lib/" },
      to: { circular: true, dependencyTypesNot: ["type-only"], viaOnly: { dependencyTypesNot: ["type-only"] } },
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
