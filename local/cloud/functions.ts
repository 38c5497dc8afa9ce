/** `functions.invokeFunction`: cloud.callFunction from one function to another, answered by the host's invoker. */
import type { Caller, RequestScope } from './caller-context'
import { CloudError, invalidParam } from './errors'

export type FunctionInvoker = (
  name: string,
  event: unknown,
  caller: { openid: string; appid?: string; source?: string },
) => Promise<unknown>

export async function invokeFunction(
  invoker: FunctionInvoker | null,
  params: Record<string, unknown>,
  scope: RequestScope | undefined,
): Promise<unknown> {
  const name = params.function_name
  if (typeof name !== 'string' || name === '') throw invalidParam('function_name is required')
  if (!invoker)
    throw new CloudError(
      'FUNCTIONS_REQUEST_FAIL',
      `[ResourceNotFound] no cloud functions are served by this local cloud (no invoker registered), cannot call ${name}`,
    )
  let event: unknown = {}
  if (typeof params.request_data === 'string' && params.request_data !== '') {
    try {
      event = JSON.parse(params.request_data)
    } catch {
      throw invalidParam('request_data is not valid JSON')
    }
  }
  const from: Caller | undefined = scope?.caller
  const caller = { openid: from?.openid ?? '', ...(from?.appid ? { appid: from.appid } : {}), source: 'wx_server' }
  let result: unknown
  try {
    result = await invoker(name, event, caller)
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error)
    throw new CloudError('FUNCTIONS_EXECUTE_FAIL', `[FunctionExecuteFail] function ${name} failed: ${message}`)
  }
  return { data: { response_data: result === undefined ? '' : JSON.stringify(result) } }
}
