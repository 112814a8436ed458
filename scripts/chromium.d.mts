export declare const SYSTEM_CHROMIUM_PATHS: readonly string[];
export declare function systemChromium(exists?: (file: string) => boolean): string | undefined;
export declare function needsBrowserInstall(options: { exists: (file: string) => boolean; playwrightChromium: string }): boolean;
