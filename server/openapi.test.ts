import SwaggerParser from '@apidevtools/swagger-parser';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { GET } from '@/app/api/openapi.json/route';
import { documentedRoutes, openApiDocument } from './openapi';

const API = path.join(process.cwd(), 'app', 'api');

/** Every METHOD /path that a route handler under app/api answers, from the file tree. */
function routesInTree(dir = API): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return routesInTree(full);
    if (!/^route\.tsx?$/.test(entry.name)) return [];
    const urlPath = `/${path.relative(path.join(process.cwd(), 'app'), dir).split(path.sep).map((s) => s.replace(/^\[(.+)\]$/, '{$1}')).join('/')}`;
    const source = readFileSync(full, 'utf8');
    return [...source.matchAll(/export (?:const|async function|function) (GET|POST|PUT|PATCH|DELETE)\b/g)].map(([, method]) => `${method} ${urlPath}`);
  });
}

describe('the OpenAPI document', () => {
  it('is valid OpenAPI 3.1, as a real validator reads it', async () => {
    const document = openApiDocument('http://127.0.0.1:3000');
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeTruthy();
    expect(document.openapi).toBe('3.1.0');
  });

  it('describes every route handler there is, and no other', () => {
    expect([...documentedRoutes()].sort()).toEqual([...routesInTree()].sort());
  });

  it('says which routes need the token', () => {
    const paths = openApiDocument('http://x').paths as Record<string, Record<string, { security?: unknown[]; responses: Record<string, unknown> }>>;
    expect(paths['/api/sessions'].post.security).toBeUndefined();
    expect(paths['/api/sessions'].post.responses['401']).toBeDefined();
    expect(paths['/api/sessions'].post.responses['429']).toBeDefined();
    expect(paths['/api/openapi.json'].get.responses['429']).toBeUndefined();
    expect(paths['/api/sessions/{id}/kill'].post.responses['400']).toBeDefined();
    expect(paths['/api/auth/session'].get.security).toEqual([]);
    expect(paths['/api/openapi.json'].get.security).toEqual([]);
  });

  it('is generated from the zod schemas: field rules and enums come through', () => {
    // Walked as the JSON it is; a missing step fails the test with a TypeError.
    const paths = JSON.parse(JSON.stringify(openApiDocument('http://x').paths));
    const body = paths['/api/sessions'].post.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(['command']);
    expect(body.properties.source.enum).toEqual(['api', 'cli', 'mcp']);
    expect(body.properties.timeout).toMatchObject({ type: 'integer', minimum: 1 });
    const session = paths['/api/sessions/{id}'].get.responses['200'].content['application/json'].schema;
    expect(session.properties.status.enum).toEqual(['running', 'completed', 'failed']);
    const lines = paths['/api/sessions/{id}/lines'].get.parameters.map((p: { name: string }) => p.name);
    expect(lines).toEqual(['id', 'tail', 'from', 'to']);
  });

  it('is served publicly at /api/openapi.json', async () => {
    const response = GET();
    expect(response.status).toBe(200);
    expect(((await response.json()) as { openapi: string }).openapi).toBe('3.1.0');
  });
});
