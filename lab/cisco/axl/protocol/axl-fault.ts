// The AXL error: an HTTP 500 SOAP 1.1 Fault whose detail is `axlError{axlcode, axlmessage,
// request}` (reference §3.4). Handlers throw AxlFault; the service renders it.

export type SoapFaultCode = "soapenv:Server" | "soapenv:Client" | "soapenv:VersionMismatch";

/** The axlcodes the simulator uses (reference §3.5; which are guesses: docs/lab-cisco.md). */
export const AXL_CODES = {
  /** Informix: duplicate value in a UNIQUE INDEX column. */
  duplicate: -239,
  /** addLine of a directory number that already exists. */
  duplicateLine: 4052,
  /** get / remove / do* of something that is not there; a reference to something that is not there. */
  notFound: 5007,
  /** update of something that is not there; request validation. */
  invalid: 5003,
  /** Informix: a value the database requires is missing ("Cannot insert a null into column"). */
  nullValue: -391,
  /** Informix: key value still referenced (a guess: the reference leaves the code open). */
  inUse: -692,
  /** Throttling: query too large, memory allocation consumed. */
  throttled: -1,
} as const;

export class AxlFault extends Error {
  override readonly name = "AxlFault";
  constructor(
    readonly axlcode: number,
    message: string,
    readonly faultcode: SoapFaultCode = "soapenv:Server",
  ) {
    super(message);
  }
}

/** A fault with no axlError detail: the SOAP layer refused the message before AXL saw it. */
export class SoapFault extends Error {
  override readonly name = "SoapFault";
  constructor(
    message: string,
    readonly faultcode: SoapFaultCode = "soapenv:Client",
  ) {
    super(message);
  }
}

export const faults = {
  notFound: (what: string): AxlFault => new AxlFault(AXL_CODES.notFound, `Item not valid: The specified ${what} was not found`),
  updateTargetMissing: (label: string): AxlFault => new AxlFault(AXL_CODES.invalid, `${label} not found`),
  duplicate: (): AxlFault => new AxlFault(AXL_CODES.duplicate, "Could not insert new row - duplicate value in a UNIQUE INDEX column (Unique Index:).", "soapenv:Client"),
  invalid: (message: string): AxlFault => new AxlFault(AXL_CODES.invalid, message),
  nullValue: (column: string): AxlFault => new AxlFault(AXL_CODES.nullValue, `Cannot insert a null into column (${column}).`),
  inUse: (constraint: string): AxlFault => new AxlFault(AXL_CODES.inUse, `Key value for constraint (${constraint}) is still being referenced.`),
  queryTooLarge: (rows: number, suggested: number): AxlFault =>
    new AxlFault(AXL_CODES.throttled, `Query request too large. Total rows matched: ${rows} rows. Suggestive Row Fetch: less than ${suggested} rows`),
  memoryConsumed: (): AxlFault => new AxlFault(AXL_CODES.throttled, "Maximum AXL Memory Allocation Consumed. Please retry once requests in progress have completed"),
};
