// Journeys drive a real browser against a real server on a 2-core machine; under load a first page can miss its
// 30 s wait. A failed journey test is retried twice, with its errors logged, so a real failure still fails the run.
jest.retryTimes(Number(process.env.E2E_RETRIES ?? 2), { logErrorsBeforeRetry: true })
