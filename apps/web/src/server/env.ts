import {
  type Environment,
  parseSettings,
  sessionKeyProblems,
  settings,
  settingsProblems,
} from "@trellis/validators/settings";

/*
 * The environment check the app's entry points run before anything else
 * (startup.ts, the worker, the digest command). The settings themselves, their
 * rules and defaults live in @trellis/validators/settings (docs/decisions/033).
 */

/**
 * What is wrong with the environment for serving the app, one "<VARIABLE> <problem>" per entry; empty when
 * nothing is: the settings' own rules, and in production a session key.
 */
export function envProblems(env?: Environment): string[] {
  return [...settingsProblems(env), ...sessionKeyProblems(env)];
}

/** The settings the production server itself reads, after startup validated them. */
export function serverSettings(env?: Environment) {
  return {
    /** How long in-flight requests may take to finish after SIGTERM before their connections are cut. */
    shutdownTimeoutMs: (env ? parseSettings(env) : settings()).shutdownTimeoutMs,
  };
}
