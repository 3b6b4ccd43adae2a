// The lab's certificate authority and the server certificate every lab HTTPS server (and slapd's
// ldaps listener) presents. Clients trust the lab through NODE_EXTRA_CA_CERTS=<ca.pem>, so TLS
// verification stays on everywhere, exactly as against a real tenant or cluster.
import { mkdir, readFile, writeFile, rename } from "node:fs/promises";
import { webcrypto, X509Certificate as NodeX509Certificate } from "node:crypto";
import * as path from "node:path";
// @peculiar/x509 resolves algorithms through tsyringe, which needs the Reflect metadata API.
import "reflect-metadata";
import * as x509 from "@peculiar/x509";

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

const EC_KEY: webcrypto.EcKeyGenParams = { name: "ECDSA", namedCurve: "P-256" };
const SIGNING: webcrypto.EcdsaParams = { name: "ECDSA", hash: "SHA-256" };
const DAY_MS = 24 * 60 * 60 * 1000;
// Clocks of clients and the lab can disagree by a little; never issue a certificate that
// starts in the future.
const BACKDATE_MS = 60 * 60 * 1000;
const CA_LIFETIME_DAYS = 365;
const SERVER_LIFETIME_DAYS = 30;
// A CA this close to expiry is replaced at start rather than reused.
const CA_RENEW_BEFORE_DAYS = 31;

/** The names every lab server answers to; both are in the server certificate's SAN. */
export const LAB_SERVER_NAMES = { ip: ["127.0.0.1", "::1"], dns: ["localhost"] } as const;

export interface LabTls {
  /** Absolute path of the CA certificate (PEM); what NODE_EXTRA_CA_CERTS points at. */
  readonly caCertPath: string;
  readonly caCertPem: string;
  /** Server certificate (PEM) for 127.0.0.1, ::1 and localhost, signed by the CA. */
  readonly serverCertPem: string;
  /** The server certificate's private key (PKCS#8 PEM). */
  readonly serverKeyPem: string;
}

/**
 * Loads the lab CA from `<dir>` or creates it when missing or near expiry, then issues a fresh
 * server certificate. The CA is kept across restarts on purpose: a client started with
 * NODE_EXTRA_CA_CERTS keeps working when the lab restarts.
 */
export async function prepareLabTls(dir: string): Promise<LabTls> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const caCertPath = path.join(dir, "ca.pem");
  const caKeyPath = path.join(dir, "ca.key");
  const ca = (await loadReusableCa(caCertPath, caKeyPath)) ?? (await createCa(caCertPath, caKeyPath));

  const keys = await generateKeyPair();
  const now = Date.now();
  const server = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: "CN=ucflow lab server",
    issuer: ca.cert.subject,
    notBefore: new Date(now - BACKDATE_MS),
    notAfter: new Date(now + SERVER_LIFETIME_DAYS * DAY_MS),
    publicKey: keys.publicKey,
    signingKey: ca.privateKey,
    signingAlgorithm: SIGNING,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
      new x509.SubjectAlternativeNameExtension([
        ...LAB_SERVER_NAMES.ip.map((value) => ({ type: "ip" as const, value })),
        ...LAB_SERVER_NAMES.dns.map((value) => ({ type: "dns" as const, value })),
      ]),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(ca.cert.publicKey),
    ],
  });
  const serverKeyPem = await exportPrivateKeyPem(keys.privateKey);
  const serverCertPem = server.toString("pem") + "\n";
  // Written for people who want to look at them (openssl x509 -text); the lab reads them from memory.
  await writeAtomically(path.join(dir, "server.pem"), serverCertPem, 0o644);
  await writeAtomically(path.join(dir, "server.key"), serverKeyPem, 0o600);
  return { caCertPath, caCertPem: ca.pem, serverCertPem, serverKeyPem };
}

interface LoadedCa {
  readonly cert: x509.X509Certificate;
  readonly pem: string;
  readonly privateKey: webcrypto.CryptoKey;
}

async function loadReusableCa(certPath: string, keyPath: string): Promise<LoadedCa | undefined> {
  let pem: string;
  let keyPem: string;
  try {
    [pem, keyPem] = await Promise.all([readFile(certPath, "utf8"), readFile(keyPath, "utf8")]);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw new Error(`cannot read the lab CA from ${certPath}: ${(error as Error).message}`);
  }
  try {
    const validTo = new NodeX509Certificate(pem).validToDate.getTime();
    if (validTo - Date.now() < CA_RENEW_BEFORE_DAYS * DAY_MS) return undefined;
    const cert = new x509.X509Certificate(pem);
    const privateKey = await webcrypto.subtle.importKey(
      "pkcs8", x509.PemConverter.decodeFirst(keyPem), EC_KEY, true, ["sign"]);
    return { cert, pem, privateKey };
  } catch (error) {
    // A damaged CA is not worth keeping: clients must pick up the new ca.pem anyway.
    process.emitWarning(`the lab CA in ${certPath} is unusable (${(error as Error).message}); creating a new one`);
    return undefined;
  }
}

async function createCa(certPath: string, keyPath: string): Promise<LoadedCa> {
  const keys = await generateKeyPair();
  const now = Date.now();
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomSerial(),
    name: `CN=ucflow lab CA ${new Date(now).toISOString().slice(0, 10)}, O=ucflow lab`,
    notBefore: new Date(now - BACKDATE_MS),
    notAfter: new Date(now + CA_LIFETIME_DAYS * DAY_MS),
    keys,
    signingAlgorithm: SIGNING,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
    ],
  });
  const pem = cert.toString("pem") + "\n";
  // Key first: a ca.pem without its key would be reused by nobody, but the reverse order could
  // leave a new key next to an old certificate after a crash.
  await writeAtomically(keyPath, await exportPrivateKeyPem(keys.privateKey), 0o600);
  await writeAtomically(certPath, pem, 0o644);
  return { cert, pem, privateKey: keys.privateKey };
}

async function generateKeyPair(): Promise<webcrypto.CryptoKeyPair> {
  // Extractable so the private keys can be written as PEM for Node's TLS and for slapd.
  return (await webcrypto.subtle.generateKey(EC_KEY, true, ["sign", "verify"])) as webcrypto.CryptoKeyPair;
}

async function exportPrivateKeyPem(key: webcrypto.CryptoKey): Promise<string> {
  const der = await webcrypto.subtle.exportKey("pkcs8", key);
  return x509.PemConverter.encode(der, "PRIVATE KEY") + "\n";
}

function randomSerial(): string {
  const bytes = webcrypto.getRandomValues(new Uint8Array(16));
  bytes[0] = (bytes[0] ?? 0) & 0x7f; // positive INTEGER, as RFC 5280 requires
  return Buffer.from(bytes).toString("hex");
}

async function writeAtomically(file: string, content: string, mode: number): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, content, { mode });
  await rename(tmp, file);
}
