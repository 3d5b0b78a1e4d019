import assert from 'node:assert/strict';

/** The body of a response that must have `status`; the assertion shows the body (a problem's detail) when not. */
export async function expectStatus(response: Promise<{ status: number; body: any }>, status: number): Promise<any> {
  const result = await response;
  assert.equal(result.status, status, JSON.stringify(result.body));
  return result.body;
}

export const ok = (response: Promise<{ status: number; body: any }>) => expectStatus(response, 200);
export const created = (response: Promise<{ status: number; body: any }>) => expectStatus(response, 201);
