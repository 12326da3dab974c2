// `npm run demo`, scene 10: a pull request's run, reported where the team reviews it: one comment
// created when the execution starts, updated while its steps run, ending with the model's metrics
// beside the approved model's; and a commit status, pending then success, linked to the
// execution. The local GitHub API stands in for api.github.com.
import { churnTrainingPipeline, startEmulator, startGitHubEmulator } from '../emulator/index.js'
import { ACTION, ACTION_NODE, pullRequestEvent, runAction } from '../test-support/runner.js'
import { asText, printClaims, section } from './demo-print.js'

const GROUP = 'churn-models'
const HEAD = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b'
const PULL = 42

/** Runs the scene; true when the comment and the status say what they should. */
export async function pullRequestScene(): Promise<boolean> {
  const emulator = await startEmulator()
  const github = await startGitHubEmulator()
  emulator.addPipeline({
    ...churnTrainingPipeline,
    steps: churnTrainingPipeline.steps.map(step => ({
      ...step,
      // Long enough for updates while it runs: at most one every 10 seconds.
      durationMs: step.durationMs * 1.5,
      ...(step.type === 'RegisterModel' && {
        model: {
          group: GROUP,
          metrics: {
            binary_classification_metrics: { accuracy: { value: 0.912 }, auc: { value: 0.948 } }
          }
        }
      })
    }))
  })
  emulator.seedModelPackage({
    group: GROUP,
    version: 7,
    approvalStatus: 'Approved',
    metrics: {
      binary_classification_metrics: { accuracy: { value: 0.897 }, auc: { value: 0.951 } }
    }
  })
  github.addPullRequest({ number: PULL, headSha: HEAD, title: 'Add tenure features' })
  try {
    section('10. On a pull request: one comment kept up to date, and a commit status')
    const inputs = {
      'pipeline-name': churnTrainingPipeline.name,
      wait: 'true',
      'max-poll-interval': '2s',
      'pull-request-comment': 'true',
      'commit-status': 'true'
    }
    const lines = Object.entries(inputs).map(([name, value]) => `    ${name}: ${value}`)
    console.log(`- uses: owner/sagemaker-pipeline-action@v1\n  with:\n${lines.join('\n')}`)
    console.log(
      `\n$ ${ACTION_NODE} ${ACTION}   (pull_request #${PULL}, GITHUB_API_URL=${github.endpoint})\n`
    )
    const result = await runAction({
      endpoint: emulator.endpoint,
      inputs,
      ...pullRequestEvent(PULL, HEAD),
      github: { endpoint: github.endpoint },
      timeoutMs: 120_000
    })
    const writes = github.requests.filter(r => r.path.includes('/comments') && r.method !== 'GET')
    console.log(
      `--- GitHub calls: ${github.requests.map(r => `${r.method} ${r.path.replace(/^\/repos\/acme\/churn/, '')}`).join(', ')}\n`
    )
    const statuses = github.statuses(HEAD)
    console.log(
      `--- Commit status sagemaker/${churnTrainingPipeline.name}: ${statuses.map(s => `${s.state} "${s.description}"`).join(' -> ')}\n`
    )
    const [comment] = github.comments(PULL)
    console.log(
      `--- The comment on pull request #${PULL} (${writes.length} writes: 1 create, ${writes.length - 1} updates), as a reader sees it\n`
    )
    console.log(comment ? asText(comment.body) : '(none)')

    const claims: Array<[string, boolean]> = [
      ['the step succeeds', result.code === 0],
      [
        'one comment, by github-actions[bot]',
        github.comments(PULL).length === 1 && comment?.user.login === 'github-actions[bot]'
      ],
      [
        'created once, then updated in place while the steps ran',
        writes[0]?.method === 'POST' &&
          writes.slice(1).every(w => w.method === 'PATCH') &&
          writes.length > 2
      ],
      [
        'it ends with the outcome and the model beside v7',
        /Succeeded/.test(comment?.body ?? '') && /v7/.test(comment?.body ?? '')
      ],
      [
        'the status went pending, then success',
        statuses[0]?.state === 'pending' && statuses.at(-1)?.state === 'success'
      ],
      [
        'pull-request-comment-url is the comment',
        result.outputs['pull-request-comment-url'] === comment?.html_url
      ],
      ['every request fits GitHub’s OpenAPI description', github.violations.length === 0]
    ]
    return printClaims(result.code, claims)
  } finally {
    await emulator.close()
    await github.close()
  }
}
