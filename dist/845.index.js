export const id = 845;
export const ids = [845];
export const modules = {

/***/ 1855:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   GD: () => (/* binding */ readForward),
/* harmony export */   Zr: () => (/* binding */ readTail),
/* harmony export */   dz: () => (/* binding */ findStreams),
/* harmony export */   gy: () => (/* binding */ connectLogs)
/* harmony export */ });
/* harmony import */ var _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2684);
/* harmony import */ var _smithy_core_endpoints__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(2085);
/* harmony import */ var _client_js__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(416);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/* harmony import */ var _log_location_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6113);
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
    const { client } = await (0,_client_js__WEBPACK_IMPORTED_MODULE_0__/* .configured */ .t)(shared => new _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_3__/* .CloudWatchLogsClient */ .TFr({
        region: sagemaker.region,
        credentials: sagemaker.client.config.credentials,
        ...shared
    }), async (client) => {
        const { url } = await (0,_smithy_core_endpoints__WEBPACK_IMPORTED_MODULE_4__.getEndpointFromInstructions)({}, _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_3__/* .GetLogEventsCommand */ .h7S, client.config);
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
            const page = await logs.send(new _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_3__/* .DescribeLogStreamsCommand */ .w$R({
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
        if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorName */ .Is)(error) === 'ResourceNotFoundException')
            return [];
        throw error;
    }
    return streams;
}
/** A stream's last `count` events, oldest first. */
async function readTail(logs, location, stream, count) {
    const page = await logs.send(new _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_3__/* .GetLogEventsCommand */ .h7S({
        logGroupName: location.group,
        logStreamName: stream,
        startFromHead: false,
        limit: count
    }));
    return eventsOf(page.events, (0,_log_location_js__WEBPACK_IMPORTED_MODULE_2__/* .instanceOf */ .hR)(stream, location));
}
/**
 * The events of a stream after `token` (from its start without one), and the token to read on
 * from: the same token again when nothing new has arrived, which is not the end of the stream.
 */
async function readForward(logs, location, stream, token, abortSignal) {
    const page = await logs.send(new _aws_sdk_client_cloudwatch_logs__WEBPACK_IMPORTED_MODULE_3__/* .GetLogEventsCommand */ .h7S({
        logGroupName: location.group,
        logStreamName: stream,
        startFromHead: true,
        ...(token !== undefined && { nextToken: token })
    }), { abortSignal });
    return {
        events: eventsOf(page.events, (0,_log_location_js__WEBPACK_IMPORTED_MODULE_2__/* .instanceOf */ .hR)(stream, location)),
        token: page.nextForwardToken ?? token
    };
}
/** GetLogEvents' events as the action keeps them, each named by its stream's instance. */
function eventsOf(events, instance) {
    return (events ?? []).map(event => ({
        timestamp: event.timestamp ?? 0,
        message: event.message ?? '',
        instance
    }));
}


/***/ }),

/***/ 2459:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   P_: () => (/* binding */ toLines),
/* harmony export */   el: () => (/* binding */ mergeEvents),
/* harmony export */   wN: () => (/* binding */ lastEvents)
/* harmony export */ });
/* unused harmony export LONGEST_LINE */
// Log lines as the action shows them: the events of several streams merged in time order, the
// last ones kept, each cut to a length the runner and the summary handle. Pure.
/** A longer line is cut: the runner and a summary's code block take it, a reader does not. */
const LONGEST_LINE = 4000;
/**
 * The events of all the streams, oldest first: merged by time; events of the same millisecond
 * keep their stream's order.
 */
function mergeEvents(streams) {
    return streams
        .flatMap((events, stream) => events.map((event, index) => ({ event, stream, index })))
        .sort((a, b) => a.event.timestamp - b.event.timestamp || a.stream - b.stream || a.index - b.index)
        .map(({ event }) => event);
}
/** The last `count` events of all the streams, oldest first. */
function lastEvents(streams, count) {
    return count <= 0 ? [] : mergeEvents(streams).slice(-count);
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


/***/ }),

/***/ 3845:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   S: () => (/* binding */ printVerbatim),
/* harmony export */   c: () => (/* binding */ explainLogFailure),
/* harmony export */   showStepLogs: () => (/* binding */ showStepLogs)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_5__ = __webpack_require__(5049);
/* harmony import */ var _errors_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(3916);
/* harmony import */ var _escape_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(2988);
/* harmony import */ var _cloudwatch_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(1855);
/* harmony import */ var _log_location_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(6113);
/* harmony import */ var _log_lines_js__WEBPACK_IMPORTED_MODULE_6__ = __webpack_require__(2459);
// The failed steps' own log lines: read from CloudWatch, printed in a group per step, and handed
// to the summary. Reading a log never changes the outcome: whatever fails is one warning.







/** The summary shows fewer lines than the log: enough for a traceback. */
const SUMMARY_LINES = 30;
/** Reads, prints and returns the last `count` lines of each step's job. */
async function showStepLogs(sagemaker, steps, count, env = process.env) {
    const shown = [];
    try {
        const logs = await (0,_cloudwatch_js__WEBPACK_IMPORTED_MODULE_3__/* .connectLogs */ .gy)(sagemaker, env);
        for (const step of steps) {
            const location = (0,_log_location_js__WEBPACK_IMPORTED_MODULE_4__/* .logLocation */ .U)(step);
            if (!location)
                continue;
            const streams = await (0,_cloudwatch_js__WEBPACK_IMPORTED_MODULE_3__/* .findStreams */ .dz)(logs, location);
            if (streams.length === 0) {
                const note = `${location.job} wrote no log: it failed before its first line.`;
                _actions_core__WEBPACK_IMPORTED_MODULE_5__/* .info */ .pq(`${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .oneLine */ .TN)(step.name)}: ${note}`);
                shown.push({ step: step.name, group: location.group, streams, lines: [], note });
                continue;
            }
            const tails = await Promise.all(streams.map(stream => (0,_cloudwatch_js__WEBPACK_IMPORTED_MODULE_3__/* .readTail */ .Zr)(logs, location, stream, count)));
            const lines = (0,_log_lines_js__WEBPACK_IMPORTED_MODULE_6__/* .toLines */ .P_)((0,_log_lines_js__WEBPACK_IMPORTED_MODULE_6__/* .lastEvents */ .wN)(tails, count), streams.length > 1).slice(-count);
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
        _actions_core__WEBPACK_IMPORTED_MODULE_5__/* .warning */ .$e(explainLogFailure(error, sagemaker.region, "The failed step's log"));
    }
    return shown;
}
/** A step's last lines in a group of their own, read as text (`::error::` stays a line). */
function print(step, location, streams, lines) {
    _actions_core__WEBPACK_IMPORTED_MODULE_5__/* .startGroup */ .Oh(`Log of ${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .oneLine */ .TN)(step.name)}: the last ${lines.length} lines of ${location.group}/${(0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .oneLine */ .TN)(location.streamPrefix)}* (${streams.length} ${streams.length === 1 ? 'stream' : 'streams'})`);
    printVerbatim(lines);
    _actions_core__WEBPACK_IMPORTED_MODULE_5__/* .endGroup */ .N4();
}
/**
 * Lines from a user's container, printed so the runner reads none as a workflow command: between
 * ::stop-commands:: and a fresh random token, which no line can know in advance.
 */
function printVerbatim(lines) {
    const token = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.randomUUID)();
    _actions_core__WEBPACK_IMPORTED_MODULE_5__/* .info */ .pq(`::stop-commands::${token}`);
    lines.forEach(line => _actions_core__WEBPACK_IMPORTED_MODULE_5__/* .info */ .pq(line));
    _actions_core__WEBPACK_IMPORTED_MODULE_5__/* .info */ .pq(`::${token}::`);
}
/** Why a log could not be read, and for access denied, what to allow. */
function explainLogFailure(error, region, what) {
    const said = (0,_escape_js__WEBPACK_IMPORTED_MODULE_2__/* .oneLine */ .TN)(error.message ?? String(error));
    if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .isAccessDenied */ .w7)(error))
        return `${what} could not be read: access denied. Allow logs:DescribeLogStreams and logs:GetLogEvents on arn:aws:logs:${region}:ACCOUNT:log-group:/aws/sagemaker/* for the role this workflow uses (or set step-logs: none). CloudWatch Logs said: ${said}`;
    if ((0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .isThrottling */ .E2)(error))
        return `${what} could not be read: CloudWatch Logs kept throttling the requests (${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorName */ .Is)(error)}). CloudWatch Logs said: ${said}`;
    return `${what} could not be read (${(0,_errors_js__WEBPACK_IMPORTED_MODULE_1__/* .errorName */ .Is)(error)}): ${said}`;
}


/***/ })

};
