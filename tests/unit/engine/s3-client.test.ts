// The S3-backend test's request signer against the AWS Signature Version 4 example for S3
// ("GET Bucket (List Objects)", the documented keys and time): a wrong canonical query, header
// list or key derivation changes the signature.
import { expect } from "chai";
import { signS3Request } from "../../engine/s3-client";

const EXAMPLE_CREDENTIALS = { accessKeyId: "AKIAIOSFODNN7EXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", region: "us-east-1" };
const EXAMPLE_TIME = new Date("2013-05-24T00:00:00Z");
const EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

describe("signS3Request (AWS SigV4 for S3)", () => {
  it("signs the list-objects example of the AWS guide, whatever the query's order", () => {
    for (const url of ["https://examplebucket.s3.amazonaws.com/?max-keys=2&prefix=J", "https://examplebucket.s3.amazonaws.com/?prefix=J&max-keys=2"]) {
      const headers = signS3Request("GET", new URL(url), Buffer.alloc(0), EXAMPLE_CREDENTIALS, EXAMPLE_TIME);
      expect(headers).to.deep.equal({
        host: "examplebucket.s3.amazonaws.com",
        "x-amz-content-sha256": EMPTY_SHA256,
        "x-amz-date": "20130524T000000Z",
        authorization:
          "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request, " +
          "SignedHeaders=host;x-amz-content-sha256;x-amz-date, " +
          "Signature=34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7",
      });
    }
  });

  it("signs another query differently", () => {
    const other = signS3Request("GET", new URL("https://examplebucket.s3.amazonaws.com/?max-keys=2&prefix=K"), Buffer.alloc(0), EXAMPLE_CREDENTIALS, EXAMPLE_TIME);
    expect(other.authorization).to.not.contain("34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7");
  });
});
