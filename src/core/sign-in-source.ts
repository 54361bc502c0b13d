/**
 * Who a sign-in attempt comes from, for the lock-out: failures count per source and account, so a
 * stranger who guesses at the owner's email locks out only themselves, never the owner signing in
 * from elsewhere. A source is an IPv4 address or an IPv6 /64 network (one host usually holds a whole
 * /64, so counting single IPv6 addresses would give it billions of fresh counters).
 */
import { isIPv4, isIPv6 } from "node:net";

/** The lock-out key of one attempt: the source's network and the normalized account name. */
export function signInThrottleKey(account: string, sourceAddress: string): string {
  return `${sourceNetwork(sourceAddress)} ${account}`;
}

/** `203.0.113.7` as it is, `::ffff:203.0.113.7` as `203.0.113.7`, `2001:db8:1:2:3:4:5:6` as `2001:db8:1:2::/64`. */
export function sourceNetwork(address: string): string {
  const plain = address.replace(/%.*$/, "").toLowerCase();
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/.exec(plain);
  if (mapped?.[1] !== undefined && isIPv4(mapped[1])) return mapped[1];
  if (isIPv4(plain)) return plain;
  if (!isIPv6(plain)) return plain;
  const groups = expandIPv6(plain).slice(0, 4).map((g) => g.replace(/^0+(?=.)/, ""));
  return `${groups.join(":")}::/64`;
}

/** The eight 16-bit groups of an IPv6 address (an embedded IPv4 tail counts as two). */
function expandIPv6(address: string): string[] {
  const [head = "", tail] = address.split("::");
  const parts = (text: string): string[] => (text === "" ? [] : text.split(":").flatMap(ipv4TailAsGroups));
  const left = parts(head);
  const right = tail === undefined ? [] : parts(tail);
  const missing = 8 - left.length - right.length;
  return [...left, ...Array.from({ length: Math.max(missing, 0) }, () => "0"), ...right];
}

function ipv4TailAsGroups(part: string): string[] {
  if (!part.includes(".")) return [part];
  const [a = 0, b = 0, c = 0, d = 0] = part.split(".").map(Number);
  return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
}
