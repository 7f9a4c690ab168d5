/**
 * The version and git revision printed by `--version`. `scripts/build.ts` replaces the two
 * `__REDBUN_*__` identifiers with string literals (`bun build --define`); run from source they
 * are undefined, so the version comes from package.json and the revision is "dev".
 */
import pkg from "../package.json" with { type: "json" };

declare const __REDBUN_VERSION__: string | undefined;
declare const __REDBUN_REVISION__: string | undefined;

export const VERSION: string = typeof __REDBUN_VERSION__ === "string" ? __REDBUN_VERSION__ : pkg.version;
export const REVISION: string = typeof __REDBUN_REVISION__ === "string" ? __REDBUN_REVISION__ : "dev";
