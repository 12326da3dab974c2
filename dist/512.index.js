export const id = 512;
export const ids = [512];
export const modules = {

/***/ 7512:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {


// EXPORTS
__webpack_require__.d(__webpack_exports__, {
  showStepLogs: () => (/* binding */ showStepLogs)
});

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __webpack_require__(7598);
// EXTERNAL MODULE: ./node_modules/@actions/core/lib/core.js + 5 modules
var core = __webpack_require__(5049);
// EXTERNAL MODULE: ./src/errors.ts
var errors = __webpack_require__(3916);
// EXTERNAL MODULE: ./src/escape.ts
var src_escape = __webpack_require__(2988);
// EXTERNAL MODULE: ./node_modules/@aws-sdk/client-cloudwatch-logs/dist-cjs/index.js
var dist_cjs = __webpack_require__(2684);
// EXTERNAL MODULE: ./node_modules/@smithy/core/dist-cjs/submodules/endpoints/index.js
var endpoints = __webpack_require__(2085);
// EXTERNAL MODULE: ./src/client.ts + 2 modules
var src_client = __webpack_require__(416);
// EXTERNAL MODULE: ./src/logs/log-location.ts
var log_location = __webpack_require__(6113);
;// CONCATENATED MODULE: ./src/logs/cloudwatch.ts
// The CloudWatch Logs calls the action makes, on a client set up as the SageMaker one is (retries,
// proxy, credentials). Loaded only when a log is to be read: a chunk of its own in dist/.





/** DescribeLogStreams' largest page (DescribeLimit). */
const STREAMS_PAGE_SIZE = 50;
/** A job has a stream per instance (and transform jobs a data log each): 10 pages are plenty. */
const MOST_STREAM_PAGES = 10;
/**
 * The logs client, with the SageMaker client's credentials (the same provider, renewed as it is)
 * and region; its endpoint the SDK's own (AWS_ENDPOINT_URL_CLOUDWATCH_LOGS, ...).
 */
async function connectLogs(sagemaker, env) {
    const { client } = await (0,src_client/* configured */.t)(shared => new dist_cjs/* CloudWatchLogsClient */.TFr({
        region: sagemaker.region,
        credentials: sagemaker.client.config.credentials,
        ...shared
    }), async (client) => {
        const { url } = await (0,endpoints.getEndpointFromInstructions)({}, dist_cjs/* GetLogEventsCommand */.h7S, client.config);
        return url.href.replace(/\/$/, '');
    }, env);
    return client;
}
/** The job's streams; none when the group does not exist (the job wrote nothing yet). */
async function findStreams(logs, location) {
    const streams = [];
    let nextToken;
    let pages = 0;
    try {
        do {
            const page = await logs.send(new dist_cjs/* DescribeLogStreamsCommand */.w$R({
                logGroupName: location.group,
                logStreamNamePrefix: location.streamPrefix,
                limit: STREAMS_PAGE_SIZE,
                nextToken
            }));
            for (const stream of page.logStreams ?? [])
                if (stream.logStreamName)
                    streams.push(stream.logStreamName);
            nextToken = page.nextToken;
        } while (nextToken && ++pages < MOST_STREAM_PAGES);
    }
    catch (error) {
        if ((0,errors/* errorName */.Is)(error) === 'ResourceNotFoundException')
            return [];
        throw error;
    }
    return streams;
}
/** A stream's last `count` events, oldest first. */
async function readTail(logs, location, stream, count) {
    const page = await logs.send(new dist_cjs/* GetLogEventsCommand */.h7S({
        logGroupName: location.group,
        logStreamName: stream,
        startFromHead: false,
        limit: count
    }));
    const instance = (0,log_location/* instanceOf */.hR)(stream, location);
    return (page.events ?? []).map(event => ({
        timestamp: event.timestamp ?? 0,
        message: event.message ?? '',
        instance
    }));
}

;// CONCATENATED MODULE: ./src/logs/log-lines.ts
// Log lines as the action shows them: the events of several streams merged in time order, the
// last ones kept, each cut to a length the runner and the summary handle. Pure.
/** A longer line is cut: the runner and a summary's code block take it, a reader does not. */
const LONGEST_LINE = 4000;
/**
 * The last `count` events of all the streams, oldest first. Streams are merged by time; events of
 * the same millisecond keep their stream's order.
 */
function lastEvents(streams, count) {
    const merged = streams
        .flatMap((events, stream) => events.map((event, index) => ({ event, stream, index })))
        .sort((a, b) => a.event.timestamp - b.event.timestamp || a.stream - b.stream || a.index - b.index)
        .map(({ event }) => event);
    return count <= 0 ? [] : merged.slice(-count);
}
/**
 * One line per event: a message's own line breaks become lines too, and with several instances
 * each line names its instance. Trailing blanks (a message's final newline) are dropped.
 */
function toLines(events, severalInstances) {
    return events.flatMap(event => event.message
        .replace(/\s+$/, '')
        .split(/\r\n|\r|\n/)
        .map(line => cut(severalInstances ? `[${event.instance}] ${line}` : line)));
}
function cut(line) {
    return line.length <= LONGEST_LINE ? line : `${line.slice(0, LONGEST_LINE)}…`;
}

;// CONCATENATED MODULE: ./src/logs/step-logs.ts
// The failed steps' own log lines: read from CloudWatch, printed in a group per step, and handed
// to the summary. Reading a log never changes the outcome: whatever fails is one warning.







/** The summary shows fewer lines than the log: enough for a traceback. */
const SUMMARY_LINES = 30;
/** Reads, prints and returns the last `count` lines of each step's job. */
async function showStepLogs(sagemaker, steps, count, env = process.env) {
    const shown = [];
    try {
        const logs = await connectLogs(sagemaker, env);
        for (const step of steps) {
            const location = (0,log_location/* logLocation */.U)(step);
            if (!location)
                continue;
            const streams = await findStreams(logs, location);
            if (streams.length === 0) {
                const note = `${location.job} wrote no log: it failed before its first line.`;
                core/* info */.pq(`${(0,src_escape/* oneLine */.TN)(step.name)}: ${note}`);
                shown.push({ step: step.name, group: location.group, streams, lines: [], note });
                continue;
            }
            const tails = await Promise.all(streams.map(stream => readTail(logs, location, stream, count)));
            const lines = toLines(lastEvents(tails, count), streams.length > 1).slice(-count);
            print(step, location, streams, lines);
            shown.push({
                step: step.name,
                group: location.group,
                streams,
                lines: lines.slice(-SUMMARY_LINES)
            });
        }
    }
    catch (error) {
        core/* warning */.$e(explainLogFailure(error, sagemaker.region));
    }
    return shown;
}
/**
 * The lines are a user's container's: between ::stop-commands:: and its unguessable token the
 * runner reads no line as a workflow command (`::error::`, `::add-mask::`, `::set-output`, ...).
 */
function print(step, location, streams, lines) {
    core/* startGroup */.Oh(`Log of ${(0,src_escape/* oneLine */.TN)(step.name)}: the last ${lines.length} lines of ${location.group}/${(0,src_escape/* oneLine */.TN)(location.streamPrefix)}* (${streams.length} ${streams.length === 1 ? 'stream' : 'streams'})`);
    const token = (0,external_node_crypto_.randomUUID)();
    core/* info */.pq(`::stop-commands::${token}`);
    lines.forEach(line => core/* info */.pq(line));
    core/* info */.pq(`::${token}::`);
    core/* endGroup */.N4();
}
function explainLogFailure(error, region) {
    const said = (0,src_escape/* oneLine */.TN)(error.message ?? String(error));
    if ((0,errors/* isAccessDenied */.w7)(error))
        return `The failed step's log could not be read: access denied. Allow logs:DescribeLogStreams and logs:GetLogEvents on arn:aws:logs:${region}:ACCOUNT:log-group:/aws/sagemaker/* for the role this workflow uses (or set step-logs: none). CloudWatch Logs said: ${said}`;
    if ((0,errors/* isThrottling */.E2)(error))
        return `The failed step's log could not be read: CloudWatch Logs kept throttling the requests (${(0,errors/* errorName */.Is)(error)}). CloudWatch Logs said: ${said}`;
    return `The failed step's log could not be read (${(0,errors/* errorName */.Is)(error)}): ${said}`;
}


/***/ })

};
