import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";

export interface CliConfig {
  url: string;
  token: string;
}

/** ~/.config/trellis/config.json (XDG), %APPDATA%\trellis on Windows; TRELLIS_CONFIG_DIR overrides both. */
export function configFile(env: NodeJS.ProcessEnv = process.env): string {
  const base =
    env.TRELLIS_CONFIG_DIR ??
    join(
      env.XDG_CONFIG_HOME ?? (process.platform === "win32" ? (env.APPDATA ?? homedir()) : join(homedir(), ".config")),
      "trellis",
    );
  return join(base, "config.json");
}

export function readConfig(file = configFile()): CliConfig | null {
  try {
    const parsed: unknown = JSON.parse(readFileSync(file, "utf8"));
    if (parsed && typeof parsed === "object" && "url" in parsed && "token" in parsed) {
      const { url, token } = parsed;
      if (typeof url === "string" && typeof token === "string") return { url, token };
    }
    return null;
  } catch {
    return null;
  }
}

/**
 * Written readable by its owner only (0600), in a folder only its owner can
 * list (0700): it holds a credential. The token goes into a fresh 0600 file
 * first, renamed over the old one: an older, wider config.json never holds
 * it, and a crash midway leaves the old file whole.
 */
export function writeConfig(config: CliConfig, file = configFile()): void {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  // The mode above applies only when the folder is created; tighten an older one too.
  chmodSync(dir, 0o700);
  const temporary = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600, flag: "wx" });
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
