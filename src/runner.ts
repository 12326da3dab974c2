// The runner's protocol, as far as this action speaks it: inputs from INPUT_* variables, outputs
// and state through the files the runner names, log lines and workflow commands on stdout, and
// the job summary. @actions/core does the same, and also loads an HTTP client for OIDC tokens
// that this action never asks for: about a fifth of a step's start-up (README, Performance).
import { randomUUID } from 'node:crypto'
import { appendFileSync } from 'node:fs'
import { EOL } from 'node:os'

export const ExitCode = { Success: 0, Failure: 1 } as const

/** An input as the runner passes it (`INPUT_PIPELINE-NAME`), trimmed; empty when not set. */
export function getInput(name: string): string {
  return (process.env[`INPUT_${name.replace(/ /g, '_').toUpperCase()}`] ?? '').trim()
}

/** What the main step saved for the post step, or ''. */
export function getState(name: string): string {
  return process.env[`STATE_${name}`] ?? ''
}

export function setOutput(name: string, value: string): void {
  fileCommand('OUTPUT', 'set-output', name, value)
}

export function saveState(name: string, value: string): void {
  fileCommand('STATE', 'save-state', name, value)
}

export function info(message: string): void {
  process.stdout.write(message + EOL)
}

export function debug(message: string): void {
  command('debug', message)
}

export function notice(message: string): void {
  command('notice', message)
}

export function warning(message: string): void {
  command('warning', message)
}

export function error(message: string): void {
  command('error', message)
}

/** Logs the error and makes the step fail when the process exits. */
export function setFailed(message: string): void {
  process.exitCode = ExitCode.Failure
  error(message)
}

/** Whether the run has debug logging on (re-run with debug logging, or ACTIONS_STEP_DEBUG). */
export function isDebug(): boolean {
  return process.env.RUNNER_DEBUG === '1'
}

export function startGroup(name: string): void {
  command('group', name)
}

export function endGroup(): void {
  command('endgroup', '')
}

/** Appends to the job summary; false when the runner gave no summary file. */
export function appendSummary(markdown: string): boolean {
  const path = process.env.GITHUB_STEP_SUMMARY
  if (!path) return false
  appendFileSync(path, markdown + EOL, 'utf8')
  return true
}

/**
 * `::name::message`, with the message's %, CR and LF encoded, so that nothing in it can end the
 * command or start another line.
 */
function command(name: string, message: string): void {
  process.stdout.write(`::${name}::${escapeData(message)}${EOL}`)
}

function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A')
}

/**
 * `name<<DELIMITER`, the value, `DELIMITER`, appended to the file the runner names in
 * GITHUB_OUTPUT or GITHUB_STATE. The delimiter is random, so no value can end it early. Without
 * the file (an old or a local runner), the command form.
 */
function fileCommand(
  file: 'OUTPUT' | 'STATE',
  fallback: string,
  name: string,
  value: string
): void {
  const path = process.env[`GITHUB_${file}`]
  if (!path) {
    process.stdout.write(`::${fallback} name=${escapeProperty(name)}::${escapeData(value)}${EOL}`)
    return
  }
  const delimiter = `ghadelimiter_${randomUUID()}`
  if (name.includes(delimiter) || value.includes(delimiter))
    throw new Error(`The ${file.toLowerCase()} ${name} contains its own delimiter.`)
  appendFileSync(path, `${name}<<${delimiter}${EOL}${value}${EOL}${delimiter}${EOL}`, 'utf8')
}

function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C')
}
