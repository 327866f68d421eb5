/** Error shaped like the ones wx-server-sdk rejects with (`errCode` + `errMsg`). */
export class DatabaseError extends Error {
  readonly errCode: number
  readonly errMsg: string
  constructor(errCode: number, errMsg: string) {
    super(errMsg)
    this.name = 'DatabaseError'
    this.errCode = errCode
    this.errMsg = errMsg
  }
}

// Codes used by the cloud for the matching situations.
export const ERR = {
  /** Generic failure reported by the database server (also used for E11000 duplicate key). */
  REQUEST_FAILED: -502001,
  /** doc(id).get() of a missing document: wx-server-sdk rejects with errCode -1 and a "cannot find document" message. */
  DOC_NOT_EXIST: -1,
  /** A check wx-server-sdk makes itself before sending (its CloudSDKError without a code): -1 too. */
  SDK_CHECK: -1,
  /** Invalid parameters (the cloud's INVALID_PARAM). */
  INVALID_PARAM: -501007,
} as const

export function fail(api: string, errCode: number, detail: string): DatabaseError {
  return new DatabaseError(errCode, `${api}:fail ${errCode} ${detail}`)
}

/** doc(id).get() of a missing document, plain or in a transaction, as wx-server-sdk rejects it. */
export function notFound(api: string, id: string): DatabaseError {
  return new DatabaseError(ERR.DOC_NOT_EXIST, `${api}:fail ${api}:fail cannot find document with _id ${id}, please make sure that the document exists and you have the corresponding Read permission`)
}

/** Map errors thrown by NeDB / mingo into DatabaseError. */
export function wrapError(api: string, e: unknown): DatabaseError {
  if (e instanceof DatabaseError) return e
  const err = e as { errorType?: string; key?: unknown; message?: string }
  if (err && err.errorType === 'uniqueViolated') {
    return fail(api, ERR.REQUEST_FAILED, `database request fail. E11000 duplicate key error, dup key: ${JSON.stringify(err.key)}`)
  }
  return fail(api, ERR.REQUEST_FAILED, `database request fail. ${err?.message ?? String(e)}`)
}
