import { expect } from "chai";
import { AccessTokenError } from "../../../provider/core/access-token";
import {
  AlreadyExistsError,
  ConfigurationError,
  errorForStatus,
  errorFromThrown,
  ifFound,
  isAlreadyExistsError,
  isConfigurationError,
  isNotFoundError,
  isTransportError,
  isUcflowError,
  NotFoundError,
  TransportError,
  UcflowError,
} from "../../../provider/core/errors";

const licenseContext = { backend: "graph", operation: "assigning license", preposition: "to", object: "alice@contoso.com" } as const;

function socketError(code: string, message: string): Error {
  return new TypeError("fetch failed", { cause: Object.assign(new Error(message), { code }) });
}

describe("core errors", () => {
  describe("message", () => {
    it("says backend, operation, object, status, code, message and request id", () => {
      const error = new UcflowError(licenseContext, {
        statusCode: 400,
        code: "Request_BadRequest",
        detail: "License assignment cannot be done for user with invalid usage location.",
        requestId: "1234",
      });
      expect(error.message).to.equal(
        "graph: assigning license to alice@contoso.com: 400 Request_BadRequest: License assignment cannot be done for user with invalid usage location. (request-id 1234)",
      );
      expect(error).to.include({ backend: "graph", operation: "assigning license", object: "alice@contoso.com", statusCode: 400, code: "Request_BadRequest", requestId: "1234", retryable: false });
    });

    it("leaves out what it does not know", () => {
      expect(new UcflowError({ backend: "teams", operation: "listing", object: "TenantDialPlan" }).message).to.equal("teams: listing TenantDialPlan: failed");
      expect(new UcflowError({ backend: "graph", operation: "listing users" }, { statusCode: 503 }).message).to.equal("graph: listing users: 503");
      expect(new UcflowError({ backend: "graph", operation: "listing users" }, { detail: "no response" }).message).to.equal("graph: listing users: no response");
    });

    it("masks credentials that a backend echoes in its message", () => {
      const error = new UcflowError({ backend: "teams", operation: "granting" }, { statusCode: 401, detail: "token Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl rejected" });
      expect(error.message).to.equal("teams: granting: 401: token Bearer REDACTED rejected");
    });
  });

  describe("kinds", () => {
    it("maps 404 to NotFound and 409 to AlreadyExists, unless the backend's code says otherwise", () => {
      const gone = errorForStatus(licenseContext, { statusCode: 404 });
      expect(gone).to.be.instanceOf(NotFoundError);
      expect([isNotFoundError(gone), isUcflowError(gone), isAlreadyExistsError(gone)]).to.deep.equal([true, true, false]);
      const taken = errorForStatus(licenseContext, { statusCode: 409 });
      expect([isAlreadyExistsError(taken), isNotFoundError(taken)]).to.deep.equal([true, false]);
      expect(isAlreadyExistsError(errorForStatus(licenseContext, { statusCode: 400 }, "already-exists"))).to.equal(true);
      const other = errorForStatus(licenseContext, { statusCode: 400 });
      expect([isUcflowError(other), isNotFoundError(other), isAlreadyExistsError(other)]).to.deep.equal([true, false, false]);
    });

    it("marks 408, 429 and 5xx gateway/unavailable statuses retryable, others not", () => {
      const retryable = [400, 401, 403, 404, 408, 409, 429, 500, 501, 502, 503, 504].map((statusCode) => [statusCode, errorForStatus(licenseContext, { statusCode }).retryable]);
      expect(retryable).to.deep.equal([
        [400, false],
        [401, false],
        [403, false],
        [404, false],
        [408, true],
        [409, false],
        [429, true],
        [500, true],
        [501, false],
        [502, true],
        [503, true],
        [504, true],
      ]);
    });

    it("guards by Symbol.for brand, so another copy of ucflow's errors is recognised and look-alikes are not", () => {
      const fromOtherCopy = Object.assign(new Error("x"), { [Symbol.for("ucflow.UcflowError")]: true, [Symbol.for("ucflow.NotFoundError")]: true });
      expect(isUcflowError(fromOtherCopy)).to.equal(true);
      expect(isNotFoundError(fromOtherCopy)).to.equal(true);
      for (const lookalike of [new Error("graph: x"), { name: "NotFoundError", statusCode: 404 }, null, undefined, "NotFoundError", 404]) {
        expect([isUcflowError(lookalike), isNotFoundError(lookalike), isAlreadyExistsError(lookalike), isTransportError(lookalike), isConfigurationError(lookalike)]).to.deep.equal([
          false,
          false,
          false,
          false,
          false,
        ]);
      }
      expect(isUcflowError(new AlreadyExistsError(licenseContext))).to.equal(true);
      expect(isTransportError(new TransportError(licenseContext, { detail: "x" }))).to.equal(true);
    });
  });

  describe("errorFromThrown", () => {
    const context = { backend: "graph", operation: "listing users" } as const;

    it("passes ucflow errors through unchanged", () => {
      const original = new NotFoundError(context);
      expect(errorFromThrown(original, context)).to.equal(original);
    });

    it("turns a refused connection into a retryable TransportError with the request id", () => {
      const error = errorFromThrown(socketError("ECONNREFUSED", "connect ECONNREFUSED 127.0.0.1:8443"), context, "rid-1");
      expect(isTransportError(error)).to.equal(true);
      expect(error.retryable).to.equal(true);
      expect(error.message).to.equal("graph: listing users: could not connect (ECONNREFUSED): connect ECONNREFUSED 127.0.0.1:8443 (request-id rid-1)");
    });

    it("turns an untrusted certificate into a non-retryable error that names NODE_EXTRA_CA_CERTS", () => {
      const error = errorFromThrown(socketError("SELF_SIGNED_CERT_IN_CHAIN", "self-signed certificate in certificate chain"), context);
      expect(error.retryable).to.equal(false);
      expect(error.message).to.include("TLS failure (SELF_SIGNED_CERT_IN_CHAIN)").and.include("NODE_EXTRA_CA_CERTS");
    });

    it("turns a token failure into a non-retryable error that says which credential failed", () => {
      const error = errorFromThrown(new AccessTokenError(["https://graph.microsoft.com/.default"], "CredentialUnavailableError", "EnvironmentCredential is unavailable"), context, "rid-2");
      expect(isTransportError(error)).to.equal(false);
      expect(error.retryable).to.equal(false);
      expect(error.message).to.equal(
        "graph: listing users: CredentialUnavailableError: could not get an access token for https://graph.microsoft.com/.default: EnvironmentCredential is unavailable (request-id rid-2)",
      );
    });
  });

  it("ifFound turns NotFound into undefined (gone) and rethrows everything else", async () => {
    expect(await ifFound(Promise.resolve("user"))).to.equal("user");
    expect(await ifFound(Promise.reject(new NotFoundError(licenseContext, { statusCode: 404 })))).to.equal(undefined);
    const denied = new UcflowError(licenseContext, { statusCode: 403 });
    expect(await ifFound(Promise.reject(denied)).catch((e: unknown) => e)).to.equal(denied);
  });

  it("ConfigurationError lists every problem", () => {
    const error = new ConfigurationError("Microsoft credentials are not usable", ["a is missing", "b is wrong"]);
    expect(error.message).to.equal("Microsoft credentials are not usable:\n  - a is missing\n  - b is wrong");
    expect(error.problems).to.deep.equal(["a is missing", "b is wrong"]);
    expect(isConfigurationError(error)).to.equal(true);
    expect(isUcflowError(error)).to.equal(false);
  });
});
