/**
 * A User-Agent header as people read it ("Firefox 133 on Linux"), for the session list and the
 * new-device notice. Parsing is bowser's (a maintained browser-detection library); Keel only words it.
 */
import Bowser from "bowser";

export function describeUserAgent(userAgent: string | null | undefined): string {
  if (!userAgent) return "An unknown device";
  const { browser, os } = Bowser.parse(userAgent);
  const major = browser.version?.split(".")[0];
  const name = browser.name ? `${browser.name}${major ? ` ${major}` : ""}` : null;
  const system = os.name ? `${os.name}${os.versionName ? ` ${os.versionName}` : ""}` : null;
  if (name && system) return `${name} on ${system}`;
  if (name || system) return (name ?? system)!;
  // An app or a script: its own product token, cut short.
  return userAgent.split(/[\s/]/)[0]!.slice(0, 60) || "An unknown device";
}
