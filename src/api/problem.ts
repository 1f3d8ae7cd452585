import type { FastifyReply } from 'fastify';
import { DomainError, HTTP_STATUS_FOR } from '../domain/errors.js';
import { translator } from '../web/i18n/i18n.js';

const TITLES: Record<number, string> = {
  400: 'Your request is not valid',
  401: 'Sign-in required',
  404: 'Not found',
  409: 'The record changed',
  413: 'Request too large',
  415: 'Unsupported media type',
  500: 'Internal error',
};

const en = translator('en');

/** RFC 9457 problem details; never a stack trace or an internal message. */
export function sendProblem(reply: FastifyReply, status: number, extra: Record<string, unknown> = {}): FastifyReply {
  return reply
    .status(status)
    .type('application/problem+json')
    .header('cache-control', 'no-store')
    .send({ type: 'about:blank', title: TITLES[status] ?? 'Error', status, ...extra });
}

export function sendDomainError(reply: FastifyReply, err: DomainError): FastifyReply {
  const status = HTTP_STATUS_FOR[err.code];
  if (err.code === 'validation' && err.fields) {
    const errors = Object.fromEntries(Object.entries(err.fields).map(([field, key]) => [field, { code: key, message: en(key) }]));
    return sendProblem(reply, status, { detail: en('error.validation'), errors });
  }
  if (err.code === 'conflict') return sendProblem(reply, status, { detail: en('error.conflict') });
  return sendProblem(reply, status);
}
