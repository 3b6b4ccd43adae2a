// Just enough of the S3 REST API for the S3-backend test to set up a bucket and look inside it:
// create a bucket, list keys, read an object, each signed with AWS Signature Version 4
// (path-style URLs, as S3-compatible servers on loopback are addressed). The Pulumi CLI brings
// its own client (gocloud.dev on the AWS SDK for Go); this one only checks what the CLI wrote.
import { createHash, createHmac } from "node:crypto";

export interface S3Credentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly region: string;
}

export interface S3Response {
  readonly status: number;
  readonly body: string;
}

const sha256 = (data: string | Buffer): string => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string): Buffer => createHmac("sha256", key).update(data).digest();

/** RFC 3986 encoding, as SigV4 wants it (encodeURIComponent leaves !'()* alone). */
function rfc3986(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/**
 * The headers that sign `method url` with SigV4 for service `s3` (the payload hash is sent, as
 * S3 requires). Pure: `now` is given.
 */
export function signS3Request(method: string, url: URL, body: Buffer, credentials: S3Credentials, now: Date): Record<string, string> {
  const amzDate = now.toISOString().replace(/[-:]/g, "").replace(/\.\d{3}/, "");
  const day = amzDate.slice(0, 8);
  const payloadHash = sha256(body);
  const headers: Record<string, string> = { host: url.host, "x-amz-content-sha256": payloadHash, "x-amz-date": amzDate };
  const signedHeaders = Object.keys(headers).sort().join(";");
  const canonicalQuery = [...url.searchParams.entries()]
    .map(([k, v]) => [rfc3986(k), rfc3986(v)] as const)
    .sort(([a, x], [b, y]) => (a === b ? (x < y ? -1 : 1) : a < b ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join("&");
  const canonicalPath = url.pathname.split("/").map((segment) => rfc3986(decodeURIComponent(segment))).join("/");
  const canonicalRequest = [
    method,
    canonicalPath,
    canonicalQuery,
    ...Object.keys(headers).sort().map((h) => `${h}:${headers[h]}`),
    "",
    signedHeaders,
    payloadHash,
  ].join("\n");
  const scope = `${day}/${credentials.region}/s3/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256(canonicalRequest)].join("\n");
  const key = ["s3", "aws4_request"].reduce((k, part) => hmac(k, part), hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), credentials.region));
  const signature = createHmac("sha256", key).update(stringToSign).digest("hex");
  return {
    ...headers,
    authorization: `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`,
  };
}

/** A path-style S3 client for one endpoint (`http://127.0.0.1:PORT`). */
export class S3Client {
  constructor(
    readonly endpoint: string,
    private readonly credentials: S3Credentials,
  ) {}

  /** One request; `signed: false` sends it anonymously (to check the server refuses that). */
  async request(method: string, pathAndQuery: string, options: { body?: string; signed?: boolean } = {}): Promise<S3Response> {
    const url = new URL(pathAndQuery, this.endpoint);
    const body = Buffer.from(options.body ?? "");
    const headers = options.signed === false ? {} : signS3Request(method, url, body, this.credentials, new Date());
    const { host: _host, ...sent } = headers as Record<string, string>;
    const response = await fetch(url, { method, headers: sent, ...(body.length > 0 ? { body } : {}) });
    return { status: response.status, body: await response.text() };
  }

  private async expectOk(what: string, response: Promise<S3Response>): Promise<S3Response> {
    const r = await response;
    if (r.status < 200 || r.status > 299) throw new Error(`s3 ${this.endpoint}: ${what}: HTTP ${r.status}: ${r.body.slice(0, 500)}`);
    return r;
  }

  async createBucket(bucket: string): Promise<void> {
    await this.expectOk(`creating bucket ${bucket}`, this.request("PUT", `/${bucket}`));
  }

  /** Every key in the bucket under `prefix` (ListObjectsV2, following continuation tokens). */
  async listKeys(bucket: string, prefix = ""): Promise<string[]> {
    const keys: string[] = [];
    let token: string | undefined;
    do {
      const query = new URLSearchParams({ "list-type": "2", prefix, ...(token ? { "continuation-token": token } : {}) });
      const { body } = await this.expectOk(`listing ${bucket}/${prefix}`, this.request("GET", `/${bucket}?${query}`));
      keys.push(...[...body.matchAll(/<Key>([^<]*)<\/Key>/g)].map((m) => xmlText(m[1]!)));
      token = /<IsTruncated>true<\/IsTruncated>/.test(body) ? xmlText(/<NextContinuationToken>([^<]*)</.exec(body)?.[1] ?? "") : undefined;
    } while (token);
    return keys.sort();
  }

  async getObject(bucket: string, key: string): Promise<string> {
    const path = `/${bucket}/${key.split("/").map(rfc3986).join("/")}`;
    return (await this.expectOk(`reading ${bucket}/${key}`, this.request("GET", path))).body;
  }
}

function xmlText(text: string): string {
  return text.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, "&");
}
