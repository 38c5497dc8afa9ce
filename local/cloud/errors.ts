/**
 * Errors answered to the SDK. The SDK turns `{ code, message }` (HTTP 200) into an error whose errCode comes from
 * wx-server-sdk's TCB_ERR_CODE table (e.g. DATABASE_REQUEST_FAILED → -502001), exactly as with the real cloud.
 */
export type CloudErrorCode =
  | 'SYS_ERR'
  | 'INVALID_PARAM'
  | 'INVALIID_ENV'
  | 'INVALID_COMMON_PARAM'
  | 'DATABASE_REQUEST_FAILED'
  | 'DATABASE_INVALID_OPERRATOR'
  | 'DATABASE_COLLECTION_NOT_EXIST'
  | 'DATABASE_TRANSACTION_CONFLICT'
  | 'DATABASE_TRANSACTION_FAIL'
  | 'FUNCTIONS_REQUEST_FAIL'
  | 'FUNCTIONS_EXECUTE_FAIL'
  | 'UNSUPPORTED_LOCALLY'

export class CloudError extends Error {
  constructor(
    readonly code: CloudErrorCode,
    message: string,
  ) {
    super(message)
    this.name = 'CloudError'
  }
}

export const invalidParam = (message: string): CloudError =>
  new CloudError('INVALID_PARAM', `[InvalidParameter] ${message}`)
export const requestFailed = (message: string): CloudError => new CloudError('DATABASE_REQUEST_FAILED', message)
export const collectionNotExist = (name: string): CloudError =>
  new CloudError(
    'DATABASE_COLLECTION_NOT_EXIST',
    `[ResourceNotFound] Db or Table not exist: collection ${name} does not exist. Create it in the CloudBase console (locally: declare it in cloudbase/indexes.json, or call db.createCollection).`,
  )
export const unsupportedLocally = (what: string): CloudError =>
  new CloudError(
    'UNSUPPORTED_LOCALLY',
    `[UnsupportedLocally] ${what} is not supported by the local CloudBase emulator; it would work differently in the real cloud, so it fails here instead of answering wrongly.`,
  )
