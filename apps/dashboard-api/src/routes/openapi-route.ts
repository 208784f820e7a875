import { openApiDocument } from '../api/openapi-document';
import { json } from '../http/reply';
import type { Route } from '../http/route-table';

/** GET /api/openapi.json: the OpenAPI document, built once per gateway. */
export function openApiRoute(): Route {
  const document = openApiDocument();
  return { method: 'GET', path: '/api/openapi.json', handle: async () => json(200, document) };
}
