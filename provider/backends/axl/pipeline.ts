// The AXL request pipeline, on provider/core's: concurrency -> retry -> faults -> session ->
// log -> transport (tests swap only the transport).
//   - session: HTTP Basic on the first request; then the JSESSIONIDSSO cookie CUCM set, without
//     Authorization (reference §1, "Using JSESSIONIDSSO"). After 30 idle minutes CUCM answers a
//     cookie with 404 (or 401): the policy forgets it and sends the same request again with
//     Basic. That is safe for writes too: CUCM did not process it.
//   - faults: a SOAP fault (HTTP 500) is thrown as a FaultResponse, so retry never repeats a
//     fault except "Maximum AXL Memory Allocation Consumed" (CUCM refused before processing).
//   - retry: core's decideRetry: 503 (write throttle) honours Retry-After, else backs off;
//     connection failures are retried for reads (idempotent) only, except a connection that was
//     never made, which is safe to retry for any request.
import { type Clock, type RandomSource, systemClock } from "../../core/clock";
import { type PipelinePolicy, type PipelineRequest, type PipelineResponse, retryPolicy } from "../../core/http-pipeline";
import { type Logger } from "../../core/logging";
import { redactText } from "../../core/redaction";
import { type RetryPolicy } from "../../core/retry";
import { classifyTransportFailure, describeTransportFailure, type TransportFailure } from "../../core/transport-failure";
import { classifyFault, parseSoapFault, type SoapFault } from "./errors";

export const SESSION_COOKIE = "JSESSIONIDSSO";

/** A SOAP fault answer, thrown inside the pipeline; the client turns it into an AxlFault with context. */
export class FaultResponse extends Error {
  constructor(
    readonly fault: SoapFault,
    readonly statusCode: number,
  ) {
    super(`SOAP fault ${fault.axlcode ?? fault.faultcode ?? ""}: ${fault.axlmessage ?? fault.faultstring ?? ""}`);
    this.name = "FaultResponse";
  }
}

/** Throws a FaultResponse for an HTTP 500 whose body is a SOAP fault; passes everything else. */
export function faultPolicy(): PipelinePolicy {
  return {
    name: "faults",
    async sendRequest(request, next) {
      const response = await next(request);
      if (response.status === 500) {
        const fault = parseSoapFault(response.bodyText);
        if (fault !== undefined) throw new FaultResponse(fault, response.status);
      }
      return response;
    },
  };
}

/** How retry judges a thrown error: a memory-throttle fault was refused before processing; other faults are final. */
export function classifyAxlFailure(error: unknown): TransportFailure | undefined {
  if (error instanceof FaultResponse) return classifyFault(error.fault) === "memory-throttle" ? "not-sent" : undefined;
  return classifyTransportFailure(error);
}

export interface AxlRetryDependencies {
  readonly policy: RetryPolicy;
  readonly clock?: Clock;
  readonly random?: RandomSource;
  readonly logger?: Logger;
}

/** Sends again per core's decideRetry, judging faults with classifyAxlFailure. */
export function axlRetryPolicy(dependencies: AxlRetryDependencies): PipelinePolicy {
  return retryPolicy({
    policy: dependencies.policy,
    ...(dependencies.clock ? { clock: dependencies.clock } : {}),
    ...(dependencies.random ? { random: dependencies.random } : {}),
    classify: classifyAxlFailure,
    onDecision: (request, decision) => {
      if (decision.retry) dependencies.logger?.debug(redactText(`axl: ${operationOf(request)}: ${decision.reason}`));
    },
  });
}

/** The login state of one client: the Basic credential and the session cookie CUCM gave. */
export class AxlSession {
  private cookie: string | undefined;
  /** How many times a request was sent again with Basic after CUCM refused the cookie. */
  reauthentications = 0;

  constructor(private readonly basicAuthorization: string) {}

  get hasCookie(): boolean {
    return this.cookie !== undefined;
  }

  policy(): PipelinePolicy {
    return {
      name: "session",
      sendRequest: async (request, next) => {
        const cookie = this.cookie;
        const response = await next(this.withCredentials(request, cookie));
        this.remember(response);
        if (cookie !== undefined && (response.status === 404 || response.status === 401)) {
          // The session expired (30 minutes idle): log in again with Basic, once.
          if (this.cookie === cookie) this.cookie = undefined;
          this.reauthentications++;
          const again = await next(this.withCredentials(request, undefined));
          this.remember(again);
          return again;
        }
        return response;
      },
    };
  }

  private withCredentials(request: PipelineRequest, cookie: string | undefined): PipelineRequest {
    const headers = new Headers(request.headers);
    if (cookie !== undefined) {
      headers.set("cookie", `${SESSION_COOKIE}=${cookie}`);
      headers.delete("authorization");
    } else {
      headers.set("authorization", this.basicAuthorization);
      headers.delete("cookie");
    }
    return { ...request, headers };
  }

  private remember(response: PipelineResponse): void {
    for (const line of response.headers.getSetCookie()) {
      const match = new RegExp(`^\\s*${SESSION_COOKIE}=([^;]*)`).exec(line);
      if (match && match[1] !== "") this.cookie = match[1];
    }
  }
}

/** "Basic base64(user:password)". */
export function basicAuthorization(username: string, password: string): string {
  return `Basic ${Buffer.from(`${username}:${password}`, "utf8").toString("base64")}`;
}

/** The AXL operation of a request, from its SOAPAction ("CUCM:DB ver=15.0 addLine" -> "addLine"), else the body element. */
export function operationOf(request: PipelineRequest): string {
  const action = request.headers.get("soapaction")?.replace(/^"|"$/g, "");
  const fromAction = action?.split(" ").pop();
  if (fromAction) return fromAction;
  const body = /<(?:[\w.-]+:)?Body[^>]*>\s*<(?:[\w.-]+:)?([A-Za-z]+)/.exec(request.body ?? "");
  return body?.[1] ?? "request";
}

/**
 * One debug line per HTTP attempt: operation, URL, status, time and whether the session
 * cookie or the username and password were sent. No headers or bodies: they hold credentials and user data.
 */
export function axlLogPolicy(logger: Logger, clock: Clock = systemClock): PipelinePolicy {
  return {
    name: "log",
    async sendRequest(request, next) {
      const started = clock.now();
      // Not "basic auth": redaction masks the word after "Basic".
      const how = request.headers.has("cookie") ? "session cookie" : "username and password";
      const subject = `axl: ${operationOf(request)}: ${request.method} ${request.url}`;
      try {
        const response = await next(request);
        logger.debug(redactText(`${subject} -> ${response.status} in ${clock.now() - started} ms (${how})`));
        return response;
      } catch (error) {
        logger.debug(redactText(`${subject} -> failed (${describeTransportFailure(error)}) in ${clock.now() - started} ms (${how})`));
        throw error;
      }
    },
  };
}
