import { describe, expect, it } from '@jest/globals'
import type { StepLog } from '../../src/logs/step-logs.js'
import type { ModelPackage } from '../../src/model/model-package.js'
import {
  commentMarker,
  describeProgress,
  escapeMarkdown,
  hasMarker,
  renderComment
} from '../../src/pr/comment.js'
import type { ReportState } from '../../src/pr/report-state.js'
import type { StepRecord } from '../../src/steps.js'

const ZWSP = '\u200B'
const HOSTILE = '</details><img src=x onerror=alert(1)> | x | <!-- --> @here @org/team #123 `x`'

const running: ReportState = {
  pipelineName: 'churn-training',
  region: 'us-east-1',
  executionArn: 'arn:aws:sagemaker:us-east-1:123456789012:pipeline/churn-training/execution/abc',
  status: 'Executing',
  phase: 'running',
  waiting: true,
  steps: [],
  commit: '3f9c2a1b7e4d5c6f8a9b0c1d2e3f4a5b6c7d8e9f',
  run: {
    url: 'https://github.com/acme/churn/actions/runs/99/attempts/2',
    attempt: 2,
    workflow: 'CI'
  }
}

function step(name: string, status: string, more: Partial<StepRecord> = {}): StepRecord {
  return { name, status, ...more }
}

const trainFailed = step('Train', 'Failed', {
  type: 'Training',
  startTime: '2024-05-02T09:00:00.000Z',
  endTime: '2024-05-02T09:04:12.000Z',
  failureReason: 'AlgorithmError: ValueError: Input X contains NaN'
})

const failed: ReportState = {
  ...running,
  status: 'Failed',
  phase: 'ended',
  waitedMs: 42 * 60_000,
  steps: [step('Prepare', 'Succeeded'), trainFailed]
}

const trainLog: StepLog = {
  step: 'Train',
  group: '/aws/sagemaker/TrainingJobs',
  streams: ['train-job/algo-1'],
  lines: ['Traceback (most recent call last):', 'ValueError: Input X contains NaN']
}

const candidate: ModelPackage = {
  arn: 'arn:aws:sagemaker:us-east-1:123456789012:model-package/churn-models/8',
  step: 'Register',
  group: 'churn-models',
  version: 8,
  approvalStatus: 'PendingManualApproval',
  reports: [],
  metrics: [
    { name: 'm.auc', value: 0.9 },
    { name: 'm.f1', value: 0.5 }
  ]
}
const approved: ModelPackage = {
  arn: 'arn:aws:sagemaker:us-east-1:123456789012:model-package/churn-models/7',
  group: 'churn-models',
  version: 7,
  approvalStatus: 'Approved',
  reports: [],
  metrics: [{ name: 'm.auc', value: 0.85 }]
}

const succeeded: ReportState = {
  ...running,
  status: 'Succeeded',
  phase: 'ended',
  waitedMs: 42 * 60_000,
  steps: [step('Register', 'Succeeded', { type: 'RegisterModel' })],
  model: { registered: [candidate], approved }
}

describe('commentMarker and hasMarker', () => {
  it('names the pipeline in a hidden comment, its hyphens encoded', () => {
    expect(commentMarker('churn-training')).toBe(
      '<!-- sagemaker-pipeline-action pipeline=churn%2Dtraining -->'
    )
  })

  it('keeps a name that would end the comment inside it', () => {
    const marker = commentMarker('a-->b\n--!><x> c')
    const inside = marker.slice('<!--'.length, -'-->'.length)
    expect(inside).not.toMatch(/--|>|\n/)
    expect(marker.endsWith(' -->')).toBe(true)
  })

  it("finds only this pipeline's comment, not one whose name starts the same", () => {
    const body = renderComment({ ...running, pipelineName: 'churn-training' })
    expect(hasMarker(body, 'churn-training')).toBe(true)
    expect(hasMarker(body, 'churn')).toBe(false)
    expect(hasMarker(renderComment({ ...running, pipelineName: 'churn' }), 'churn-training')).toBe(
      false
    )
  })

  it('reads the marker on the first line only, where the comment has it', () => {
    const quoted = `> ${commentMarker('churn-training')}\nThanks`
    expect(hasMarker(quoted, 'churn-training')).toBe(false)
    expect(hasMarker(`${commentMarker('churn-training')}\r\nedited`, 'churn-training')).toBe(true)
  })
})

describe('escapeMarkdown', () => {
  it('turns HTML and Markdown into text, and line breaks into <br>', () => {
    expect(escapeMarkdown('<b>&"\'</b>|*_`[x]~$\\')).toBe(
      '&#60;b&#62;&#38;&#34;&#39;&#60;/b&#62;&#124;&#42;&#95;&#96;&#91;x&#93;&#126;&#36;&#92;'
    )
    expect(escapeMarkdown('one\n\ntwo\r\nthree')).toBe('one<br><br>two<br>three')
  })

  it('notifies nobody and links no issue', () => {
    expect(escapeMarkdown('@here @org/team #123')).toBe(`@${ZWSP}here @${ZWSP}org/team #${ZWSP}123`)
  })

  it('does not break the references it writes', () => {
    expect(escapeMarkdown('"#')).toBe(`&#34;#${ZWSP}`)
  })
})

describe('describeProgress', () => {
  it('counts the steps done and names those running', () => {
    expect(describeProgress([])).toBe('no step has started yet')
    expect(
      describeProgress([
        step('A', 'Succeeded'),
        step('B', 'Succeeded'),
        step('C', 'Failed'),
        step('Train', 'Executing')
      ])
    ).toBe('3 steps done, Train running')
    expect(describeProgress([step('A', 'Succeeded')])).toBe('1 step done')
    expect(describeProgress([step('A', 'Executing'), step('B', 'Starting')])).toBe(
      'A and B running'
    )
    expect(describeProgress(['A', 'B', 'C', 'D'].map(name => step(name, 'Executing', {})))).toBe(
      'A, B and 2 more running'
    )
  })
})

describe('renderComment', () => {
  it('starts with the marker, then the pipeline and its status', () => {
    const [marker, heading] = renderComment(running).split('\n')
    expect(marker).toBe(commentMarker('churn-training'))
    expect(heading).toBe('### SageMaker pipeline churn-training: Executing')
  })

  it('says how far a running execution got', () => {
    const body = renderComment({
      ...running,
      steps: [step('Prepare', 'Succeeded'), step('Train', 'Executing')]
    })
    expect(body).toContain('**Executing**: 1 step done, Train running.')
  })

  it('says a later step follows an execution the step does not wait for', () => {
    expect(renderComment({ ...running, waiting: false })).toContain(
      '**Executing**: started; a later step of the workflow follows it to the end.'
    )
  })

  it('says which step failed, why, and after how long', () => {
    expect(renderComment(failed)).toContain(
      '**Failed** after 42m0s: step Train (Training) failed: AlgorithmError: ValueError: Input X contains NaN.'
    )
  })

  it("says a succeeded execution's model and what became of it", () => {
    expect(renderComment(succeeded)).toContain(
      '**Succeeded** after 42m0s: model churn-models v8 awaits approval.'
    )
  })

  it('says why the step stopped waiting, and why it failed', () => {
    expect(
      renderComment({
        ...running,
        phase: 'stopped-waiting',
        note: 'The wait-timeout of 2h passed.'
      })
    ).toContain('**Executing**: The wait-timeout of 2h passed.')
    expect(
      renderComment({ ...running, phase: 'error', failureReason: 'ExpiredToken: renew' })
    ).toContain('**Executing**: the step failed after the execution started: ExpiredToken: renew.')
  })

  it("shows the failed step's last lines, linked to the stream", () => {
    const body = renderComment({ ...failed, logs: [trainLog] })
    expect(body).toContain(
      '```text\nTraceback (most recent call last):\nValueError: Input X contains NaN\n```'
    )
    expect(body).toContain(
      'https://us-east-1.console.aws.amazon.com/cloudwatch/home?region=us-east-1#logsV2:log-groups/log-group/$252Faws$252Fsagemaker$252FTrainingJobs/log-events/train-job$252Falgo-1'
    )
    // The log comes before the steps, which come before the links.
    expect(body.indexOf('#### Log of Train')).toBeLessThan(body.indexOf('<summary>Steps'))
  })

  it('fences log lines with more backticks than any line holds, so none can close the block', () => {
    const lines = ['```', 'x ````` y', '</details> @here']
    const body = renderComment({ ...failed, logs: [{ ...trainLog, lines }] })
    expect(body).toContain(`\`\`\`\`\`\`text\n${lines.join('\n')}\n\`\`\`\`\`\``)
  })

  it('cuts a long log line, which would crowd out the rest', () => {
    const body = renderComment({ ...failed, logs: [{ ...trainLog, lines: ['x'.repeat(100_000)] }] })
    expect(body).toContain(`\n${'x'.repeat(999)}…\n`)
  })

  it("tabulates the model's metrics beside the approved package's, with the difference", () => {
    const body = renderComment(succeeded)
    expect(body).toContain(
      'churn-models v8 awaits approval (PendingManualApproval), registered by step Register'
    )
    expect(body).toContain(
      '| Metric (<code>m</code>) | This model (v8) | Approved (v7) | Difference |\n| --- | ---: | ---: | ---: |\n| <code>auc</code> | 0.9 | 0.85 | +0.05 |\n| <code>f1</code> | 0.5 | — | — |'
    )
  })

  it('escapes metric names, which cannot then split a cell', () => {
    const body = renderComment({
      ...succeeded,
      model: { registered: [{ ...candidate, metrics: [{ name: 'a|b<i>', value: 1 }] }] }
    })
    expect(body).toContain('| <code>a&#124;b&#60;i&#62;</code> | 1 |')
  })

  it('opens the steps table when it is short, and folds it when it is long', () => {
    const steps = (count: number) =>
      Array.from({ length: count }, (_, i) => step(`S${i}`, 'Succeeded'))
    expect(renderComment({ ...running, steps: steps(5) })).toContain(
      '<details open>\n<summary>Steps (5)</summary>'
    )
    expect(renderComment({ ...running, steps: steps(6) })).toContain(
      '<details>\n<summary>Steps (6)</summary>'
    )
  })

  it("shows a step's status, attempt, duration and reason in a row", () => {
    expect(renderComment({ ...failed, steps: [{ ...trainFailed, attemptCount: 2 }] })).toContain(
      '| Train (Training) | Failed (attempt 2) | 4m12s | AlgorithmError: ValueError: Input X contains NaN |'
    )
  })

  it('renders hostile step names and reasons as text', () => {
    const body = renderComment({
      ...failed,
      steps: [step(HOSTILE, 'Failed', { failureReason: `${HOSTILE}\n\n</details>` })]
    })
    const rows = body.split('\n').filter(line => line.startsWith('| ') && line.includes('img'))
    expect(rows).toHaveLength(1)
    // The table's own five pipes and no more.
    expect(rows[0]!.match(/\|/g)).toHaveLength(5)
    expect(body.match(/<\/details>/g)).toHaveLength(1)
    expect(body).not.toMatch(/<img|<!-- -->|@here|@org|#123/)
    expect(body).toContain(`@${ZWSP}here`)
  })

  it('links the execution, the run and its job summary, the commit and the attempt', () => {
    const links = renderComment(running, undefined, '2024-05-02 09:14 UTC').split('\n').at(-1)
    expect(links).toBe(
      '<sub><a href="https://us-east-1.console.aws.amazon.com/sagemaker/home?region=us-east-1#/pipelines/churn-training/executions/abc">Execution in the SageMaker console</a> · <a href="https://github.com/acme/churn/actions/runs/99/attempts/2">Workflow run</a> (CI, attempt 2), whose job summary has the rest · commit 3f9c2a1 · updated 2024-05-02 09:14 UTC</sub>'
    )
    expect(renderComment(running)).not.toContain('updated')
  })

  describe('within the limit', () => {
    const many = 100_000
    const hostile: ReportState = {
      ...failed,
      steps: Array.from({ length: many }, (_, i) =>
        step(`${HOSTILE} ${i}`, 'Failed', { failureReason: HOSTILE.repeat(20) })
      ),
      logs: [{ ...trainLog, lines: Array.from({ length: many }, () => HOSTILE.repeat(50)) }],
      model: {
        registered: [
          {
            ...candidate,
            metrics: Array.from({ length: many }, (_, i) => ({ name: `${HOSTILE}${i}`, value: i }))
          }
        ],
        approved
      }
    }

    it('keeps 100,000 hostile steps, metrics and log lines under the limit, and the essentials', () => {
      const body = renderComment(hostile)
      expect([...body].length).toBeLessThanOrEqual(65_536)
      expect(body.length).toBeLessThanOrEqual(65_536)
      expect(body.startsWith(`${commentMarker('churn-training')}\n`)).toBe(true)
      expect(body).toContain('**Failed** after 42m0s: step ')
      expect(body).toContain('(and 99999 more failed steps)')
      expect(body).toContain('https://github.com/acme/churn/actions/runs/99/attempts/2')
      expect(body).toMatch(/\n\d+ more steps are not shown: see the job summary\./)
      // Log lines are verbatim, inside their fence.
      const [fence = ''] = /`{3,}(?=text\n)/.exec(body) ?? []
      expect(fence.length).toBe(3)
      const outside = body.replace(/```text\n[^]*?\n```\n/, '')
      expect(outside).not.toMatch(/<img|@here/)
      expect(body).toMatch(/\n\d+ earlier lines are not shown: see the job summary\./)
    })

    it('cuts the one row of a part when even that does not fit', () => {
      const one: ReportState = { ...failed, steps: [step(HOSTILE.repeat(4), 'Failed')] }
      const limit = renderComment(one).length - 1
      const body = renderComment(one, limit)
      expect(body.length).toBeLessThanOrEqual(limit)
      expect(body).toContain('1 more steps are not shown')
    })

    it('cuts steps first, then metrics, then log lines', () => {
      const few: ReportState = {
        ...succeeded,
        steps: Array.from({ length: 200 }, (_, i) => step(`Step${i}`, 'Succeeded')),
        logs: [{ ...trainLog, lines: Array.from({ length: 30 }, (_, i) => `line ${i}`) }],
        model: {
          registered: [
            {
              ...candidate,
              metrics: Array.from({ length: 200 }, (_, i) => ({ name: `m.m${i}`, value: i }))
            }
          ],
          approved
        }
      }
      const whole = renderComment(few)
      expect(whole).not.toContain('not shown')

      const lessSteps = renderComment(few, whole.length - 100)
      expect(lessSteps.length).toBeLessThanOrEqual(whole.length - 100)
      // Only the rows it must: a few, not half.
      expect(lessSteps).toMatch(/\n[1-9] more steps are not shown/)
      expect(lessSteps).not.toContain('more metrics are not shown')

      const noSteps = renderComment({ ...few, steps: [] })
      const lessMetrics = renderComment(few, noSteps.length)
      expect(lessMetrics).toContain('200 more steps are not shown')
      expect(lessMetrics).toMatch(/\d+ more metrics are not shown/)
      expect(lessMetrics).toContain('line 0\n')

      const tiny = renderComment(few, 1300)
      expect(tiny.length).toBeLessThanOrEqual(1300)
      expect(tiny).toMatch(/\d+ earlier lines are not shown/)
      expect(tiny).toContain('line 29\n')
    })
  })
})
