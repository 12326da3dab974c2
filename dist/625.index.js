export const id = 625;
export const ids = [625];
export const modules = {

/***/ 6625:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  startReporter: () => (/* binding */ startReporter)
});

// UNUSED EXPORTS: pullRequestReporter

// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 5 modules
var core = __webpack_require__(5049);
// EXTERNAL MODULE: ./src/escape.ts
var src_escape = __webpack_require__(2988);
// EXTERNAL MODULE: ./src/report/console.ts
var console = __webpack_require__(9475);
// EXTERNAL MODULE: ./src/duration.ts
var duration = __webpack_require__(7607);
// EXTERNAL MODULE: ./src/report/html.ts
var html = __webpack_require__(6433);
// EXTERNAL MODULE: ./src/report/model-section.ts
var model_section = __webpack_require__(9405);
// EXTERNAL MODULE: ./src/steps.ts
var src_steps = __webpack_require__(6992);
;// CONCATENATED MODULE: ./src/pr/comment.ts
// The pull request's comment on an execution: one per pull request and pipeline, found again by
// the hidden marker on its first line and rewritten while the execution runs. Pure: GitHub Markdown
// from the report state, every text from outside escaped, within GitHub's limit on a comment.






/** GitHub refuses a comment body of more characters. */
const COMMENT_LIMIT = 65_536;
/** A steps table longer than this is folded, so the outcome and the model stay in view. */
const OPEN_STEPS = 5;
/**
 * Caps, in code points, on single texts from outside: a CloudWatch event may hold 256 KB, and one
 * long line must not crowd out the rest.
 */
const MAX_LOG_LINE = 1000;
const MAX_REASON = 1000;
const MAX_CELL = 300;
/**
 * The comment's first line, naming the pipeline. The name is percent-encoded, `-` too, so it holds
 * no `--` or `>` that would end the HTML comment, and no space: a space ends it, so the marker of
 * `churn` is not the start of `churn-training`'s.
 */
function commentMarker(pipelineName) {
    // encodeURIComponent throws on a lone surrogate.
    const name = encodeURIComponent(pipelineName.replace(/[\uD800-\uDFFF]/gu, '\uFFFD'));
    return `<!-- sagemaker-pipeline-action pipeline=${name.replace(/-/g, '%2D')} -->`;
}
/** Whether a comment is this pipeline's: its first line is the marker, exactly. */
function hasMarker(body, pipelineName) {
    return body.split(/\r?\n/, 1)[0] === commentMarker(pipelineName);
}
/**
 * Text from outside, as text in GitHub Markdown and in the HTML it allows: the characters Markdown
 * or HTML would act on become references, and line breaks <br>, so no text can end a table row,
 * a <details> or a paragraph. GitHub links @mentions and #123 references after decoding references,
 * so those signs are followed by a zero-width space instead: nobody is notified, nothing is linked.
 */
function escapeMarkdown(text) {
    // One pass: a second would find the `#` of the references the first wrote.
    return text.replace(/\r\n|[\r\n\u2028\u2029@#&<>"'\\`|*_[\]~$]/g, char => MARKDOWN_ESCAPES[char] ?? `&#${char.charCodeAt(0)};`);
}
/** What escapeMarkdown writes for other than a character reference. */
const MARKDOWN_ESCAPES = {
    '\r\n': '<br>',
    '\r': '<br>',
    '\n': '<br>',
    '\u2028': '<br>',
    '\u2029': '<br>',
    '@': '@\u200B',
    '#': '#\u200B'
};
/**
 * The comment, at most `limit` characters (UTF-16 units, never fewer than code points): the marker,
 * the outcome, a failed step's last log lines, the model, the steps, and the links. When it would
 * be longer, steps rows are cut first, then metric rows, then log lines, each with a note; the
 * marker, the outcome and the links always stay. `updatedAt` is the time the caller read the state.
 */
function renderComment(state, limit = COMMENT_LIMIT, updatedAt) {
    const stepRows = lazyRows(state.steps.length, i => stepRow(state.steps[i]));
    const metrics = metricsTable(state.model);
    const logs = (state.logs ?? []).map(log => ({
        ...log,
        lines: log.lines.map(line => clip(line, MAX_LOG_LINE))
    }));
    const fixed = {
        head: [commentMarker(state.pipelineName), heading(state), outcome(state)].join('\n'),
        links: links(state, updatedAt)
    };
    const render = ({ lines, metricRows, steps }) => [
        fixed.head,
        logsSection(logs, state.region, lines),
        modelSection(state.model, metrics, metricRows),
        stepsSection(stepRows, steps),
        fixed.links
    ]
        .filter(Boolean)
        .join('\n\n');
    // Rendering 100,000 rows only to halve them would build megabytes: first take, from the most
    // important part down, as many rows as the room left by the rest can hold. The room is measured
    // with one row of each part, so that it counts the headers and fences a part brings.
    const maxLines = logs.reduce((most, log) => Math.max(most, log.lines.length), 0);
    const metricRows = metrics?.rows ?? lazyRows(0, () => '');
    const one = {
        lines: Math.min(1, maxLines),
        metricRows: Math.min(1, metricRows.count),
        steps: Math.min(1, stepRows.count)
    };
    let room = limit - render(one).length;
    // The k-th line from the end of each log that has one.
    const lines = fitting(room, one.lines, maxLines, k => logs.reduce((sum, log) => {
        const line = log.lines[log.lines.length - k];
        return line === undefined ? sum : sum + line.length + 1;
    }, 0));
    room -= lines.used;
    const metricsShown = fitting(room, one.metricRows, metricRows.count, i => metricRows.row(i - 1).length + 1);
    room -= metricsShown.used;
    const steps = fitting(room, one.steps, stepRows.count, i => stepRows.row(i - 1).length + 1);
    // A part loses rows only once the less important parts have none: not even the measured one.
    const shown = {
        lines: lines.count,
        metricRows: lines.count < maxLines ? 0 : metricsShown.count,
        steps: lines.count < maxLines || metricsShown.count < metricRows.count ? 0 : steps.count
    };
    // A longer fence, or a part whose one row did not fit: cut on until the comment fits.
    let comment = render(shown);
    for (const part of ['steps', 'metricRows', 'lines'])
        while (comment.length > limit && shown[part] > 0) {
            shown[part] = Math.floor(shown[part] / 2);
            comment = render(shown);
        }
    return comment;
}
/**
 * The largest count from `start` up to `max` whose items past `start` fit the room, given the cost
 * of the i-th (from 1), and the room those use.
 */
function fitting(room, start, max, cost) {
    let used = 0;
    for (let i = start + 1; i <= max; i++) {
        const next = used + cost(i);
        if (next > room)
            return { count: i - 1, used };
        used = next;
    }
    return { count: max, used };
}
function heading(state) {
    return `### SageMaker pipeline ${escapeMarkdown((0,src_escape/* oneLine */.TN)(state.pipelineName))}: ${escapeMarkdown((0,src_escape/* oneLine */.TN)(state.status))}`;
}
/** What happened, in a paragraph: the status, and what the phase adds to it. */
function outcome(state) {
    const status = `**${escapeMarkdown((0,src_escape/* oneLine */.TN)(state.status))}**`;
    switch (state.phase) {
        case 'running':
            return state.waiting
                ? `${status}: ${escapeMarkdown(describeProgress(state.steps))}.`
                : `${status}: started; a later step of the workflow follows it to the end.`;
        case 'stopped-waiting':
            return `${status}: ${reason(state.note ?? 'the step stopped waiting before the execution ended.')}`;
        case 'error':
            return `${status}: the step failed after the execution started: ${reason(state.failureReason ?? 'no reason given')}`;
        case 'ended':
            return endedOutcome(state, status);
    }
}
function endedOutcome(state, status) {
    const after = state.waitedMs ? ` after ${(0,duration/* formatDuration */.a)(state.waitedMs)}` : '';
    const failed = state.steps.filter(step => step.status === 'Failed');
    const [first] = failed;
    if (first) {
        const more = failed.length > 1 ? ` (and ${failed.length - 1} more failed steps)` : '';
        return `${status}${after}: step ${stepName(first)} failed: ${reason(first.failureReason ?? first.says ?? state.failureReason ?? 'no reason given')}${more}`;
    }
    const registered = state.status === 'Succeeded' ? state.model?.registered.at(-1) : undefined;
    if (registered)
        return `${status}${after}: model ${(0,model_section/* describePackage */.IH)(registered)}.`;
    return `${status}${after}${state.failureReason ? `: ${reason(state.failureReason)}` : '.'}`;
}
/** `3 steps done, Train running`: the steps so far, as plain text (the comment escapes it). */
function describeProgress(steps) {
    if (steps.length === 0)
        return 'no step has started yet';
    const done = steps.filter(src_steps/* isStepDone */.fk).length;
    const running = steps.filter(step => !(0,src_steps/* isStepDone */.fk)(step)).map(step => step.displayName ?? step.name);
    const names = running.length <= 2
        ? running.join(' and ')
        : `${running.slice(0, 2).join(', ')} and ${running.length - 2} more`;
    return [
        ...(done > 0 || running.length === 0 ? [`${done} ${done === 1 ? 'step' : 'steps'} done`] : []),
        ...(running.length > 0 ? [`${(0,src_escape/* oneLine */.TN)(names)} running`] : [])
    ].join(', ');
}
/** A reason from outside, on one line (the outcome is one), escaped and capped, ending a sentence. */
function reason(text) {
    const line = (0,src_escape/* oneLine */.TN)(text);
    const escaped = escapeMarkdown(clip(line, MAX_REASON));
    return /[.!?]["')]?$/.test(line) ? escaped : `${escaped}.`;
}
/** `Train (Training)`, escaped. */
function stepName(step) {
    const name = escapeMarkdown((0,src_escape/* oneLine */.TN)(step.displayName ?? step.name));
    return step.type ? `${name} (${escapeMarkdown(step.type)})` : name;
}
/**
 * Each failed step's last lines in a fenced block whose fence is longer than any run of backticks
 * in them, so no line can close it; inside, GitHub reads nothing as Markdown, HTML or a mention.
 */
function logsSection(logs, region, keep) {
    return logs
        .map(log => {
        const title = `#### Log of ${escapeMarkdown((0,src_escape/* oneLine */.TN)(log.step))}`;
        if (log.note)
            return `${title}\n\n${escapeMarkdown(log.note)}`;
        const lines = keep === 0 ? [] : log.lines.slice(-keep);
        const [first] = log.streams;
        const stream = first
            ? (0,html/* link */.nf)(`<code>${escapeMarkdown(first)}</code>`, (0,console/* logStreamConsoleUrl */.ld)(region, log.group, first))
            : escapeMarkdown(log.group);
        const others = log.streams.length - 1;
        const where = `${stream}${others > 0 ? ` and ${others} more ${others === 1 ? 'stream' : 'streams'}` : ''}`;
        const cut = lines.length < log.lines.length
            ? `\n\n${log.lines.length - lines.length} earlier lines are not shown: see the job summary.`
            : '';
        if (lines.length === 0)
            return `${title}\n\nThe log is in ${where}.${cut}`;
        const fence = '`'.repeat(lines.reduce((most, line) => Math.max(most, longestBacktickRun(line)), 2) + 1);
        return `${title}\n\nThe last ${lines.length} lines of ${where}:\n\n${fence}text\n${lines.join('\n')}\n${fence}${cut}`;
    })
        .join('\n\n');
}
function longestBacktickRun(line) {
    return [...line.matchAll(/`+/g)].reduce((most, run) => Math.max(most, run[0].length), 0);
}
function lazyRows(count, render) {
    const rendered = [];
    const row = (index) => (rendered[index] ??= render(index));
    return { count, row, first: n => Array.from({ length: n }, (_, i) => row(i)) };
}
/**
 * The last registered package's metrics beside the approved package's of the same name, as Markdown
 * table rows; the names' shared group (`binary_classification_metrics.`) said once, in the header.
 */
function metricsTable(model) {
    const pkg = model?.registered.at(-1);
    if (!pkg?.metrics || pkg.metrics.length === 0)
        return undefined;
    const compared = model?.approved?.metrics;
    const approvedByName = new Map(compared?.map(metric => [metric.name, metric.value]));
    const [firstName = ''] = pkg.metrics.map(metric => metric.name);
    const prefix = firstName.slice(0, firstName.indexOf('.') + 1);
    const group = prefix.length > 1 && pkg.metrics.every(metric => metric.name.startsWith(prefix)) ? prefix : '';
    const columns = [
        `Metric${group ? ` (<code>${escapeMarkdown(clip(group.slice(0, -1), MAX_CELL))}</code>)` : ''}`,
        `This model${versionLabel(pkg)}`,
        ...(compared ? [`Approved${versionLabel(model.approved)}`, 'Difference'] : [])
    ];
    const metrics = pkg.metrics;
    const rows = lazyRows(metrics.length, index => {
        const { name, value } = metrics[index];
        const other = approvedByName.get(name);
        const cells = [
            `<code>${escapeMarkdown(clip((0,src_escape/* oneLine */.TN)(name.slice(group.length)), MAX_CELL))}</code>`,
            (0,model_section/* formatMetricValue */.dd)(value)
        ];
        if (compared)
            cells.push(other === undefined ? '—' : (0,model_section/* formatMetricValue */.dd)(other), other === undefined ? '—' : (0,model_section/* formatDifference */.jR)(value - other));
        return tableRow(cells);
    });
    const align = ['---', ...columns.slice(1).map(() => '---:')];
    return { header: `${tableRow(columns)}\n${tableRow(align)}`, rows };
}
/** What the execution registered: the last package, its approval status and metrics. */
function modelSection(model, table, rowCount) {
    const pkg = model?.registered.at(-1);
    if (!model || !pkg)
        return '';
    const others = model.registered.length - 1;
    const lines = [
        '#### Model',
        [
            `${(0,model_section/* describePackage */.IH)(pkg)}${pkg.approvalStatus ? ` (${escapeMarkdown(pkg.approvalStatus)})` : ''}`,
            pkg.step ? `, registered by step ${escapeMarkdown((0,src_escape/* oneLine */.TN)(pkg.step))}` : '',
            `: <code>${escapeMarkdown(pkg.arn)}</code>.`,
            others > 0
                ? ` The execution registered ${others} more ${others === 1 ? 'package' : 'packages'}: see the job summary.`
                : ''
        ].join(''),
        metricsNote(pkg, model.approved)
    ];
    if (table && rowCount > 0)
        lines.push([table.header, ...table.rows.first(rowCount)].join('\n'));
    const notShown = (table?.rows.count ?? 0) - rowCount;
    if (table && notShown > 0)
        lines.push(`${notShown} more metrics are not shown: see the job summary.`);
    if (pkg.metricsLeftOut)
        lines.push(`The statistics hold ${pkg.metricsLeftOut} more metrics, which were not read.`);
    return lines.filter(Boolean).join('\n\n');
}
/** What the metrics table is beside, or why there is none. */
function metricsNote(pkg, approved) {
    if (!pkg.metrics)
        return pkg.metricsUri ? 'Its metrics could not be read: the job summary says why.' : '';
    if (pkg.metrics.length === 0)
        return 'Its statistics hold no metrics.';
    if (approved?.metrics)
        return `Its metrics beside those of the approved package${versionLabel(approved)}; the difference is this model's value minus the approved one's.`;
    return approved
        ? `The approved package${versionLabel(approved)} has no metrics to compare with.`
        : 'No approved package in the group to compare with.';
}
/** ` (v8)`; nothing when the version is unknown. */
function versionLabel(pkg) {
    return pkg.version === undefined ? '' : ` (v${pkg.version})`;
}
function stepRow(step) {
    const attempt = (step.attemptCount ?? 1) > 1 ? ` (attempt ${step.attemptCount})` : '';
    const took = (0,src_steps/* isStepDone */.fk)(step) ? (0,src_steps/* stepDuration */.t1)(step) : undefined;
    const said = [step.failureReason, step.says !== step.failureReason ? step.says : undefined]
        .filter(Boolean)
        .join(' — ');
    return tableRow([
        stepName(step),
        `${escapeMarkdown((0,src_escape/* oneLine */.TN)(step.status))}${attempt}`,
        took === undefined ? '' : (0,duration/* formatDuration */.a)(took),
        escapeMarkdown(clip(said, MAX_CELL))
    ]);
}
/** The steps, in a table folded under <details> when it is long. */
function stepsSection(rows, count) {
    if (rows.count === 0)
        return 'No step has started yet.';
    const notShown = rows.count - count;
    return [
        `<details${rows.count > OPEN_STEPS ? '' : ' open'}>`,
        `<summary>Steps (${rows.count})</summary>`,
        '',
        ...(count > 0
            ? [
                tableRow(['Step', 'Status', 'Duration', 'Failure reason or result']),
                tableRow(['---', '---', '---', '---']),
                ...rows.first(count),
                ''
            ]
            : []),
        ...(notShown > 0 ? [`${notShown} more steps are not shown: see the job summary.`, ''] : []),
        '</details>'
    ].join('\n');
}
/** The execution, the run and its job summary, the commit and when: the comment's last line. */
function links(state, updatedAt) {
    const execution = (0,console/* executionConsoleLinks */.zG)(state.executionArn, state.pipelineName)?.execution;
    const commit = /^[0-9a-f]{40}$/i.test(state.commit) ? state.commit.slice(0, 7) : state.commit;
    const parts = [
        execution
            ? (0,html/* link */.nf)('Execution in the SageMaker console', execution)
            : `Execution <code>${escapeMarkdown(state.executionArn)}</code>`,
        `${(0,html/* link */.nf)('Workflow run', state.run.url)} (${escapeMarkdown((0,src_escape/* oneLine */.TN)(state.run.workflow))}, attempt ${state.run.attempt}), whose job summary has the rest`,
        `commit ${escapeMarkdown(commit)}`,
        ...(updatedAt ? [`updated ${escapeMarkdown(updatedAt)}`] : [])
    ];
    return `<sub>${parts.join(' · ')}</sub>`;
}
function tableRow(cells) {
    return `| ${cells.join(' | ')} |`;
}
/** At most `max` code points, with `…` when cut; fast for 100,000 long lines. */
function clip(text, max) {
    // UTF-16 units are never fewer than code points, and without surrogates they are the same.
    if (text.length <= max)
        return text;
    const head = text.slice(0, max - 1);
    if (!/[\uD800-\uDFFF]/.test(head))
        return `${head}…`;
    const points = [...text.slice(0, 2 * max)];
    return points.length <= max && text.length <= 2 * max
        ? text
        : `${points.slice(0, max - 1).join('')}…`;
}

;// CONCATENATED MODULE: ./src/pr/commit-status.ts
// The commit status of an execution: one per pipeline (its context), saying in a line what the
// execution did. Pure: from the report state, as plain text within GitHub's limit.


/** GitHub refuses a longer description (it counts characters; UTF-16 units are never fewer). */
const DESCRIPTION_LIMIT = 140;
/**
 * `pending` while the execution runs; `success` or `failure` once it ended; `error` when the step
 * stopped before the end (a wait-timeout, a cancel) or failed after starting it, whatever became of
 * the execution.
 */
function commitStatus(state) {
    return {
        ...describe(state),
        context: `sagemaker/${state.pipelineName}`
    };
}
function describe(state) {
    const status = firstLine(state.status);
    switch (state.phase) {
        case 'running':
            return {
                state: 'pending',
                description: fit(state.waiting
                    ? `${status}: ${describeProgress(state.steps)}`
                    : `${status}; a later step follows it`)
            };
        case 'stopped-waiting':
            return {
                state: 'error',
                description: fit(`${status}: ${firstLine(state.note ?? 'the step stopped waiting')}`)
            };
        case 'error':
            return {
                state: 'error',
                description: fit(`The step failed: ${firstLine(state.failureReason ?? 'no reason given')}`)
            };
        case 'ended':
            return state.status === 'Succeeded'
                ? { state: 'success', description: fit(succeeded(state)) }
                : { state: 'failure', description: fit(notSucceeded(state, status)) };
    }
}
/** `Succeeded after 42m0s; model v8 awaits approval` */
function succeeded(state) {
    const registered = state.model?.registered.at(-1);
    return `Succeeded${took(state)}${registered ? `; model ${approval(registered)}` : ''}`;
}
/** `Train failed: ValueError: Input X contains NaN`, or the execution's own reason. */
function notSucceeded(state, status) {
    const failed = state.steps.find(step => step.status === 'Failed');
    if (failed)
        return `${firstLine(failed.displayName ?? failed.name)} failed: ${firstLine(failed.failureReason ?? failed.says ?? state.failureReason ?? 'no reason given')}`;
    return `${status}${took(state)}${state.failureReason ? `: ${firstLine(state.failureReason)}` : ''}`;
}
function took(state) {
    return state.waitedMs ? ` after ${(0,duration/* formatDuration */.a)(state.waitedMs)}` : '';
}
/** `v8 awaits approval`: the package's version and what its status means. */
function approval(pkg) {
    const version = pkg.version === undefined ? 'registered' : `v${pkg.version}`;
    switch (pkg.approvalStatus) {
        case 'PendingManualApproval':
            return `${version} awaits approval`;
        case 'Approved':
            return `${version} is approved`;
        case 'Rejected':
            return `${version} was rejected`;
        default:
            return pkg.approvalStatus ? `${version} is ${firstLine(pkg.approvalStatus)}` : version;
    }
}
/** The first line of text from outside that has any: a description is one line. */
function firstLine(text) {
    return (text
        .split(/\r\n|[\r\n\u2028\u2029]/)
        .map(line => line.trim())
        .find(Boolean) ?? '');
}
/** At most DESCRIPTION_LIMIT UTF-16 units, cut with `…` between code points. */
function fit(text) {
    if (text.length <= DESCRIPTION_LIMIT)
        return text;
    let cut = '';
    for (const point of text) {
        if (cut.length + point.length > DESCRIPTION_LIMIT - 1)
            break;
        cut += point;
    }
    return `${cut.trimEnd()}…`;
}

// EXTERNAL MODULE: external "node:timers/promises"
var promises_ = __webpack_require__(8500);
// EXTERNAL MODULE: ./node_modules/@actions/github/lib/github.js + 21 modules
var github = __webpack_require__(3747);
;// CONCATENATED MODULE: ./src/pr/github.ts
// The GitHub REST calls of reporting: pull requests of a commit, the action's own comment on
// each, a commit status. Through @actions/github's getOctokit, which sends them to the runner's
// GITHUB_API_URL (GitHub Enterprise Server too), with the retries GitHub asks for: a rate limit's
// retry-after, and a few backed-off tries of a 404 or a 5xx. Loaded only when reporting is on.


/** Tries of one call, the first included. */
const MOST_TRIES = 4;
/** A longer retry-after would hold the step: give up and warn instead. */
const LONGEST_WAIT_MS = 60_000;
/** Who GITHUB_TOKEN writes as: the guess when GitHub will not say who the token is. */
const ACTIONS_BOT = 'github-actions[bot]';
/**
 * Who the token acts as. GraphQL's viewer, not REST's GET /user: GET /user is 403 for every
 * installation token, so a GitHub App's token (`<app-slug>[bot]`) would pass for GITHUB_TOKEN and
 * never find its own comment; the viewer is the token's own login for apps and people alike.
 */
const VIEWER_LOGIN = 'query { viewer { login } }';
function connectGitHub(token, repository, wait = promises_.setTimeout) {
    const octokit = (0,github/* getOctokit */.Q)(token);
    const [owner = '', repo = ''] = repository.split('/');
    const tried = (call) => withRetries(call, wait);
    const comment = ({ id, html_url }) => ({
        id,
        url: html_url
    });
    return {
        pullRequestsOf: async (sha, most, forkHead) => {
            const openWithHead = async (list) => (await tried(list)).data.filter(pull => pull.state === 'open' && pull.head.sha === sha);
            let found = await openWithHead(() => octokit.rest.repos.listPullRequestsAssociatedWithCommit({ owner, repo, commit_sha: sha }));
            // A commit that only a fork has is not the base repository's: GitHub may list no pull
            // request for it, so ask for the open ones of the fork's branch.
            if (found.length === 0 && forkHead)
                found = await openWithHead(() => octokit.rest.pulls.list({
                    owner,
                    repo,
                    state: 'open',
                    head: `${forkHead.owner}:${forkHead.branch}`,
                    per_page: 100
                }));
            return found.slice(0, most).map(pull => ({
                number: pull.number,
                fromFork: pull.head.repo?.full_name !== undefined && pull.head.repo.full_name !== repository
            }));
        },
        login: async () => {
            try {
                const { viewer } = await tried(() => octokit.graphql(VIEWER_LOGIN));
                return viewer.login;
            }
            catch (error) {
                // A server that refuses the query (403, or GraphQL's own errors): GITHUB_TOKEN is likeliest.
                if (statusOf(error) === 403 || isGraphqlError(error))
                    return ACTIONS_BOT;
                throw error;
            }
        },
        findComment: async (number, author, isOurs) => {
            const iterable = octokit.paginate.iterator(octokit.rest.issues.listComments, {
                owner,
                repo,
                issue_number: number,
                per_page: 100
            });
            const pages = iterable[Symbol.asyncIterator]();
            for (let page = await tried(() => pages.next()); !page.done;) {
                const found = page.value.data.find(c => c.user?.login === author && isOurs(c.body ?? ''));
                if (found)
                    return comment(found);
                page = await tried(() => pages.next());
            }
            return undefined;
        },
        createComment: async (number, body) => comment((await tried(() => octokit.rest.issues.createComment({ owner, repo, issue_number: number, body }))).data),
        updateComment: async (id, body) => comment((await tried(() => octokit.rest.issues.updateComment({ owner, repo, comment_id: id, body }))).data),
        setStatus: async (sha, { state, description, context, targetUrl }) => {
            await tried(() => octokit.rest.repos.createCommitStatus({
                owner,
                repo,
                sha,
                state: state,
                description,
                context,
                ...(targetUrl && { target_url: targetUrl })
            }));
        }
    };
}
/** The HTTP status of an Octokit RequestError; undefined for other errors. */
function statusOf(error) {
    const status = error?.status;
    return typeof status === 'number' ? status : undefined;
}
/** A GraphQL answer that carried errors instead of data (Octokit's GraphqlResponseError). */
const isGraphqlError = (error) => Array.isArray(error?.errors);
/**
 * Runs a call again when GitHub says to: after a rate limit's retry-after (or until its reset),
 * or, for a 404 (a comment just made may not be readable yet) or a 5xx, after a backed-off,
 * jittered pause. Anything else, and the last try's failure, is the caller's.
 */
async function withRetries(call, wait) {
    for (let attempt = 1;; attempt++) {
        try {
            return await call();
        }
        catch (error) {
            const pause = attempt < MOST_TRIES ? retryPause(error, attempt) : undefined;
            if (pause === undefined)
                throw error;
            await wait(pause);
        }
    }
}
function retryPause(error, attempt) {
    const status = statusOf(error);
    const headers = (error.response
        ?.headers ?? {});
    if (status === 403 || status === 429) {
        const after = Number(headers['retry-after']);
        if (Number.isFinite(after) && after >= 0)
            return after * 1000 <= LONGEST_WAIT_MS ? after * 1000 : undefined;
        if (headers['x-ratelimit-remaining'] === '0') {
            const until = Number(headers['x-ratelimit-reset']) * 1000 - Date.now();
            return Number.isFinite(until) && until <= LONGEST_WAIT_MS ? Math.max(until, 0) : undefined;
        }
        return undefined;
    }
    if (status === 404 || (status !== undefined && status >= 500))
        return 1000 * 2 ** (attempt - 1) * (0.5 + Math.random() / 2);
    return undefined;
}

;// CONCATENATED MODULE: ./src/pr/update-schedule.ts
// When the pull-request comment may be updated again. GitHub's secondary rate limits allow 80
// content-creating requests a minute and 500 an hour across the token's use; the comment takes
// far fewer (at most one every 10 seconds, 60 in any hour) so the rest of the workflow keeps its
// share. Pure: the caller passes the time, updates only on a change, and always once at the end.
const HOUR_MS = 3_600_000;
function updateSchedule({ minIntervalMs = 10_000, perHour = 60 } = {}) {
    // The times of the updates sent, oldest first. Those an hour old are dropped when one is sent,
    // not when asked: the hour slides with `now`, and asking changes nothing.
    const times = [];
    const inTheHourBefore = (now) => times.filter(time => time > now - HOUR_MS).length;
    return {
        due(now) {
            const last = times.at(-1);
            return inTheHourBefore(now) < perHour && (last === undefined || now - last >= minIntervalMs);
        },
        sent(now) {
            times.splice(0, times.length - inTheHourBefore(now));
            times.push(now);
        }
    };
}

;// CONCATENATED MODULE: ./src/pr/pull-request-report.ts
// Reporting an execution where the team reviews it: one comment per pull request and pipeline,
// found again by its marker among the token's own comments and updated in place, and a commit
// status. Reporting never changes the outcome: whatever fails is one warning (a 403 says which
// permissions to add), after which that report is left alone for the rest of the step.







/** A push can be the head of several pull requests: comment on a few, not on every fork's. */
const MOST_PULL_REQUESTS = 5;
function startReporter(settings, target) {
    return pullRequestReporter(connectGitHub(settings.token, target.repository), settings, target);
}
/** The reporter over a GitHub; `now` for the update budget. */
function pullRequestReporter(github, settings, target, now = Date.now) {
    const schedule = updateSchedule();
    let comments;
    let commentOn = settings.pullRequestComment;
    let statusOn = settings.commitStatus;
    let sentBody;
    let sentStatus;
    const fromFork = () => target.pullRequest?.fromFork ?? false;
    async function writeComments(state) {
        const body = renderComment(state);
        if (body === sentBody)
            return;
        try {
            comments ??= findComments(github, target, state.pipelineName);
            const found = await comments;
            for (const entry of found) {
                const written = entry.id
                    ? await github.updateComment(entry.id, body)
                    : await github.createComment(entry.pull.number, body);
                if (!entry.id && found.indexOf(entry) === 0)
                    core/* setOutput */.uH('pull-request-comment-url', written.url);
                if (!entry.id)
                    core/* info */.pq(`Pull request #${entry.pull.number}: commented ${written.url}`);
                entry.id = written.id;
            }
            sentBody = body;
        }
        catch (error) {
            commentOn = false;
            core/* warning */.$e(explainReportFailure(error, 'The pull-request comment', fromFork()));
        }
    }
    async function writeStatus(state) {
        const status = commitStatus(state);
        const key = `${status.state} ${status.description}`;
        if (key === sentStatus)
            return;
        try {
            await github.setStatus(target.commit, {
                ...status,
                targetUrl: (0,console/* executionConsoleLinks */.zG)(state.executionArn, state.pipelineName)?.execution
            });
            sentStatus = key;
        }
        catch (error) {
            statusOn = false;
            core/* warning */.$e(explainReportFailure(error, 'The commit status', fromFork()));
        }
    }
    return {
        async report(state, final = false) {
            if (!final && !schedule.due(now()))
                return;
            const before = [sentBody, sentStatus];
            if (commentOn)
                await writeComments(state);
            if (statusOn)
                await writeStatus(state);
            if (sentBody !== before[0] || sentStatus !== before[1])
                schedule.sent(now());
        }
    };
}
/** Each pull request to comment on, with the action's earlier comment for this pipeline, if any. */
async function findComments(github, target, pipelineName) {
    const pulls = target.pullRequest
        ? [target.pullRequest]
        : await github.pullRequestsOf(target.commit, MOST_PULL_REQUESTS, target.forkHead);
    if (pulls.length === 0)
        core/* info */.pq(`No open pull request has ${target.commit} as its head: no comment.`);
    const author = await github.login();
    return Promise.all(pulls.map(async (pull) => {
        // Only the token's own comments: a marker copied into someone else's is never edited.
        const found = await github.findComment(pull.number, author, body => hasMarker(body, pipelineName));
        if (found)
            core/* setOutput */.uH('pull-request-comment-url', found.url);
        return { pull, ...(found && { id: found.id }) };
    }));
}
/** What went wrong, and for a missing permission the permissions block (and, for forks, a way out). */
function explainReportFailure(error, what, fromFork) {
    const said = (0,src_escape/* oneLine */.TN)(error.message ?? String(error));
    if (statusOf(error) === 403 && !/rate limit/i.test(said))
        return [
            `${what} could not be written: GitHub answered 403 (${said}). The token lacks the permission: give the job`,
            '  permissions:',
            '    contents: read',
            '    pull-requests: write',
            '    statuses: write',
            ...(fromFork
                ? [
                    'A pull request from a fork gets a read-only GITHUB_TOKEN whatever the workflow asks for: report from a workflow that runs on workflow_run after this one, whose token can write.'
                ]
                : [])
        ].join('\n');
    const status = statusOf(error);
    return `${what} could not be written${status ? ` (GitHub answered ${status})` : ''}: ${said}`;
}


/***/ })

};
