/**
 * A second, independent derivation of mongod's user names: mongod's algorithm (ssl_manager_openssl.cpp
 * `convertX509ToSSLX509Name`, ssl_manager.cpp `normalizeStrings`/`escapeRfc2253`/`x509OidToShortName`,
 * icu.cpp `icuX509DNPrep`) transcribed into a small C program that runs on OpenSSL's own parse of the
 * certificate and ICU's own RFC 4518 profile, compiled at test time with gcc against Debian's
 * libssl-dev and libicu-dev. It prints, per certificate file, the name as hex bytes (it may hold
 * control bytes), `E` when ICU refuses a value, or `U` when OpenSSL cannot read the certificate.
 */
import { execFile } from "node:child_process";
import { writeFile } from "node:fs/promises";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

const ORACLE_C = String.raw`
#include <stdio.h>
#include <string.h>
#include <openssl/objects.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <unicode/usprep.h>
#include <unicode/ustring.h>

static UStringPrepProfile *profile;
static unsigned char name[65536];
static int used;

static void put(const unsigned char *bytes, int n) { memcpy(name + used, bytes, n); used += n; }
static void putc1(unsigned char c) { name[used++] = c; }

/* mongod's escapeRfc2253, byte for byte. */
static void escape(const unsigned char *s, int n) {
  static const char hex[] = "0123456789ABCDEF";
  int start = used, pos = 0;
  if (n > 0 && s[0] == ' ') { putc1('\\'); putc1(' '); pos = 1; }
  else if (n > 0 && s[0] == '#') { putc1('\\'); putc1('#'); pos = 1; }
  for (; pos < n; pos++) {
    unsigned char c = s[pos];
    if (c >= 0x80) { putc1('\\'); putc1(hex[c >> 4]); putc1(hex[c & 15]); continue; }
    if (strchr(",+\"\\<>;", c) && c != 0) putc1('\\');
    putc1(c);
  }
  if (used - start > 2 && name[used - 1] == ' ') { name[used - 1] = '\\'; putc1(' '); }
}

/* mongod's icuX509DNPrep: bytes read as UTF-8, USPREP_RFC4518_LDAP with USPREP_DEFAULT. */
static int prep(const unsigned char *in, int n, unsigned char *out, int *outLen) {
  UChar u[8192], p[8192]; int32_t ulen = 0, plen, olen; UErrorCode status = U_ZERO_ERROR;
  u_strFromUTF8(u, 8192, &ulen, (const char *)in, n, &status);
  if (U_FAILURE(status)) return 0;
  plen = usprep_prepare(profile, u, ulen, p, 8192, USPREP_DEFAULT, NULL, &status);
  if (U_FAILURE(status)) return 0;
  u_strToUTF8((char *)out, 32768, &olen, p, plen, &status);
  if (U_FAILURE(status)) return 0;
  *outLen = olen;
  return 1;
}

static void render(const char *path) {
  FILE *file = fopen(path, "r");
  X509 *cert = file ? PEM_read_X509(file, NULL, NULL, NULL) : NULL;
  if (file) fclose(file);
  if (!cert) { printf("U\n"); return; }
  X509_NAME *subject = X509_get_subject_name(cert);
  int count = X509_NAME_entry_count(subject), prevSet = -1;
  used = 0;
  for (int i = count - 1; i >= 0; i--) {
    X509_NAME_ENTRY *entry = X509_NAME_get_entry(subject, i);
    int set = X509_NAME_ENTRY_set(entry);
    if (i != count - 1) putc1(set != prevSet ? ',' : '+');
    prevSet = set;
    char oid[128];
    OBJ_obj2txt(oid, sizeof oid, X509_NAME_ENTRY_get_object(entry), 1);
    int nid = OBJ_txt2nid(oid);
    const char *sn = nid ? OBJ_nid2sn(nid) : NULL;
    if (!sn) sn = oid;
    put((const unsigned char *)sn, strlen(sn));
    putc1('=');
    ASN1_STRING *value = X509_NAME_ENTRY_get_data(entry);
    const unsigned char *data = ASN1_STRING_get0_data(value);
    int len = ASN1_STRING_length(value), type = ASN1_STRING_type(value);
    int prepared = type == V_ASN1_UTF8STRING || type == V_ASN1_PRINTABLESTRING || type == V_ASN1_T61STRING ||
      type == V_ASN1_UNIVERSALSTRING || type == V_ASN1_BMPSTRING || type == V_ASN1_IA5STRING || type == V_ASN1_OCTET_STRING;
    if (prepared && len > 0) {
      static unsigned char out[32768]; int outLen;
      if (!prep(data, len, out, &outLen)) { printf("E\n"); X509_free(cert); return; }
      escape(out, outLen);
    } else {
      escape(data, len);
    }
  }
  for (int i = 0; i < used; i++) printf("%02X", name[i]);
  printf("-\n");
  X509_free(cert);
}

int main(int argc, char **argv) {
  UErrorCode status = U_ZERO_ERROR;
  profile = usprep_openByType(USPREP_RFC4518_LDAP, &status);
  if (U_FAILURE(status)) { fprintf(stderr, "usprep_openByType: %s\n", u_errorName(status)); return 1; }
  for (int i = 1; i < argc; i++) render(argv[i]);
  return 0;
}
`;

/** What the transcription says mongod does with one certificate. */
export type MongodOracleResult = { readonly name: string } | { readonly refused: "icu" | "openssl" };

/** Compiles the oracle into `dir` and returns a function that runs it over certificate files. */
export async function compileMongodOracle(dir: string): Promise<(paths: readonly string[]) => Promise<MongodOracleResult[]>> {
  const source = join(dir, "mongod-oracle.c");
  const binary = join(dir, "mongod-oracle");
  await writeFile(source, ORACLE_C);
  await run("gcc", ["-O1", "-o", binary, source, "-lcrypto", "-licuuc"]);
  return async (paths) => {
    const { stdout } = await run(binary, [...paths], { maxBuffer: 16 * 1024 * 1024 });
    return stdout.split("\n").slice(0, paths.length).map((line): MongodOracleResult => {
      if (line === "E") return { refused: "icu" };
      if (line === "U") return { refused: "openssl" };
      return { name: Buffer.from(line.replace(/-$/, ""), "hex").toString("utf8") };
    });
  };
}
