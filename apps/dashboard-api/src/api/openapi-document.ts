import { z } from 'zod';
import { MAX_BODY_BYTES } from '../http/request-body';
import { ListJobsQuery, SubmitJobBody } from './request-schemas';
import { ClusterJson, JobActionResult, JobDetailJson, JobJson, LiveJson, ReadyJson, SubmitJobResult } from './response-schemas';

type Json = Record<string, unknown>;

const SCHEMAS = { SubmitJobRequest: SubmitJobBody, Job: JobJson, JobDetail: JobDetailJson, Cluster: ClusterJson, SubmitJobResult, JobActionResult, Live: LiveJson, Ready: ReadyJson };

/**
 * The OpenAPI 3.1 document of the REST API (GET /api/openapi.json), derived from the zod
 * schemas that validate requests (request-schemas.ts) and describe answers
 * (response-schemas.ts): components are their JSON Schemas (draft 2020-12, OpenAPI 3.1's
 * dialect), query parameters come from ListJobsQuery's fields. Only the routes and their
 * status codes are written here.
 */
export function openApiDocument(): Json {
  const ref = (name: keyof typeof SCHEMAS) => ({ $ref: `#/components/schemas/${name}` });
  const body = (name: keyof typeof SCHEMAS, description: string) => ({ description, content: { 'application/json': { schema: ref(name) } } });
  const submitError = (description: string) => body('SubmitJobResult', description);
  const jobError = (description: string) => body('JobActionResult', description);
  const idParameter = { name: 'id', in: 'path', required: true, description: 'Job UUID', schema: { type: 'string' } };
  return {
    openapi: '3.1.0',
    info: {
      title: 'sched REST API',
      version: '0.1.0',
      description: 'REST gateway of a sched cluster (nomad-lite compatible). Bodies are at most ' + `${MAX_BODY_BYTES} bytes.`,
    },
    paths: {
      '/health/live': { get: { summary: 'Liveness of the gateway', responses: { 200: body('Live', 'Running') } } },
      '/health/ready': {
        get: {
          summary: 'A leader answered recently',
          responses: { 200: body('Ready', 'Leader known'), 503: body('Ready', 'No leader answered') },
        },
      },
      '/api/cluster': { get: { summary: 'Raft state and nodes, as the leader reports them', responses: { 200: body('Cluster', 'Cluster status') } } },
      '/api/jobs': {
        get: {
          summary: 'One page of jobs in creation order',
          parameters: queryParameters(),
          responses: {
            200: {
              description: 'Jobs; X-Total-Count has the filtered total, X-Next-Page-Token the next page (absent on the last)',
              headers: { 'X-Total-Count': { schema: { type: 'integer' } }, 'X-Next-Page-Token': { schema: { type: 'string' } } },
              content: { 'application/json': { schema: { type: 'array', items: ref('Job') } } },
            },
            400: submitError('Bad query'),
            503: submitError('No node reachable'),
          },
        },
        post: {
          summary: 'Submit a job (at the leader, wherever it is)',
          requestBody: { required: true, content: { 'application/json': { schema: ref('SubmitJobRequest') } } },
          responses: {
            200: body('SubmitJobResult', 'Committed and applied'),
            400: submitError('Bad body, or refused by the node'),
            413: submitError('Body too large'),
            503: submitError('Draining, at capacity, overloaded, or no leader'),
            504: submitError('Not committed in time (it may still be)'),
          },
        },
      },
      '/api/jobs/{id}': {
        get: {
          summary: 'One job with its output and error',
          parameters: [idParameter],
          responses: { 200: body('JobDetail', 'The job'), 400: jobError('Not a UUID'), 404: jobError('Unknown job'), 503: jobError('No node reachable') },
        },
        delete: {
          summary: 'Cancel a pending or running job',
          parameters: [idParameter],
          responses: {
            200: body('JobActionResult', 'Cancelled'),
            400: jobError('Not a UUID, or already finished'),
            404: jobError('Unknown job'),
            503: jobError('No leader'),
            504: jobError('Not committed in time'),
          },
        },
      },
      '/api/openapi.json': { get: { summary: 'This document', responses: { 200: { description: 'OpenAPI 3.1' } } } },
      '/metrics': { get: { summary: 'Gateway metrics, Prometheus text format', responses: { 200: { description: 'Metrics' } } } },
      '/': { get: { summary: 'The web dashboard', responses: { 200: { description: 'HTML page' } } } },
    },
    components: { schemas: Object.fromEntries(Object.entries(SCHEMAS).map(([name, schema]) => [name, jsonSchema(schema)])) },
  };
}

function queryParameters(): Json[] {
  return Object.entries(ListJobsQuery.shape).map(([name, field]) => {
    const { description, ...schema } = jsonSchema(field);
    return { name, in: 'query', required: false, description, schema };
  });
}

/** A schema's JSON Schema (of what it accepts), inline, without the `$schema` dialect line. */
function jsonSchema(schema: z.ZodType): Json {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: 'input', reused: 'inline' }) as Json;
  return rest;
}
