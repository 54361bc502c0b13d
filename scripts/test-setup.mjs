// Installs what the test suite needs from Debian when it is missing.
// Under CI=true a package that can't be installed fails the run; elsewhere it is reported and the
// tests that need it fail on their own (they never skip).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

/** Each entry: a file whose presence means the package is installed, and the Debian package. */
const needs = [
  { probe: "/usr/bin/openssl", pkg: "openssl" },
  { probe: "/usr/bin/curl", pkg: "curl" },
  { probe: "/usr/lib/postgresql", pkg: "postgresql" },
  { probe: "/usr/sbin/slapd", pkg: "slapd" },
  { probe: "/usr/bin/ldapadd", pkg: "ldap-utils" },
  { probe: "/usr/bin/chromium", pkg: "chromium" },
  { probe: "/usr/lib/python3/dist-packages/pymongo", pkg: "python3-pymongo" },
  // pymongo's snappy and zstd compressors (test/clients/client-compression.test.ts).
  { probe: "/usr/lib/python3/dist-packages/snappy", pkg: "python3-snappy" },
  { probe: "/usr/lib/python3/dist-packages/zstandard", pkg: "python3-zstandard" },
  { probe: "/usr/sbin/haproxy", pkg: "haproxy" },
  { probe: "/usr/bin/zsh", pkg: "zsh" },
  // systemd-analyze verify checks the unit in docs/operations.md.
  { probe: "/usr/bin/systemd-analyze", pkg: "systemd" },
  // The client matrix (test/clients/): the Go, Ruby and C drivers, built or run offline.
  { probe: "/usr/bin/go", pkg: "golang-go" },
  { probe: "/usr/share/gocode/src/go.mongodb.org/mongo-driver", pkg: "golang-mongodb-mongo-driver-dev" },
  { probe: "/usr/lib/ruby/vendor_ruby/mongo.rb", pkg: "ruby-mongo" },
  { probe: "/usr/bin/pkg-config", pkg: "pkg-config" },
  { probe: "/usr/lib/x86_64-linux-gnu/pkgconfig/libmongoc-1.0.pc", pkg: "libmongoc-dev" },
];

/** Installs `missing` with apt-get; answers whether it worked. */
function install(missing) {
  console.log(`test-setup: installing ${missing.join(", ")}`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const run = (args) => spawnSync("apt-get", args, { stdio: "inherit", env }).status === 0;
  return run(["update", "-qq"]) && run(["install", "-y", "-qq", "--no-install-recommends", ...missing]);
}

const missing = needs.filter((n) => !existsSync(n.probe)).map((n) => n.pkg);
if (missing.length === 0) {
  console.log("test-setup: all Debian packages present");
} else if (!install(missing)) {
  console.error(`test-setup: could not install ${missing.join(", ")}`);
  if (process.env.CI === "true") process.exitCode = 1;
}
