export const id = 663;
export const ids = [663];
export const modules = {

/***/ 5663:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

__webpack_require__.r(__webpack_exports__);
/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   ObjectError: () => (/* binding */ ObjectError),
/* harmony export */   connectS3: () => (/* binding */ connectS3),
/* harmony export */   parseS3Uri: () => (/* binding */ parseS3Uri)
/* harmony export */ });
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(7598);
/* harmony import */ var node_crypto__WEBPACK_IMPORTED_MODULE_0___default = /*#__PURE__*/__webpack_require__.n(node_crypto__WEBPACK_IMPORTED_MODULE_0__);
/* harmony import */ var _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(3711);
/* harmony import */ var _smithy_core_endpoints__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(2085);
/* harmony import */ var _client_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(416);
// Reading one small S3 object (a model's statistics), on a client set up as the SageMaker one is
// (retries, proxy, credentials). Loaded only when a package names such an object: a chunk of its
// own in dist/.




/** What the action reads of an object at most: statistics are a few kilobytes. */
const MOST_OBJECT_BYTES = 1024 * 1024;
/** An object that could not be used, with the reason in words a warning can end with. */
class ObjectError extends Error {
}
/**
 * `s3://bucket/key`, or an https URL in the virtual-hosted (`bucket.s3.region.amazonaws.com/key`)
 * or path style (`s3.region.amazonaws.com/bucket/key`), as MetricsSource.S3Uri allows.
 */
function parseS3Uri(uri) {
    const s3 = /^s3:\/\/([^/]+)\/(.+)$/.exec(uri);
    if (s3)
        return { bucket: s3[1], key: s3[2] };
    let url;
    try {
        url = new URL(uri);
    }
    catch {
        return undefined;
    }
    if (url.protocol !== 'https:')
        return undefined;
    const path = decodeURIComponent(url.pathname.slice(1));
    const hosted = /^(.+)\.s3[.-]/.exec(url.hostname);
    if (hosted)
        return path ? { bucket: hosted[1], key: path } : undefined;
    const [bucket = '', ...key] = path.split('/');
    return /^s3[.-]/.test(url.hostname) && bucket && key.length > 0
        ? { bucket, key: key.join('/') }
        : undefined;
}
/** The S3 client, with the SageMaker client's credentials and region; its endpoint the SDK's own. */
async function connectS3(sagemaker, env, bucket) {
    const { client } = await (0,_client_js__WEBPACK_IMPORTED_MODULE_1__/* .configured */ .t)(shared => new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_2__/* .S3Client */ .YxF({
        region: sagemaker.region,
        credentials: sagemaker.client.config.credentials,
        // A bucket in another region answers with a redirect the client then follows.
        followRegionRedirects: true,
        ...shared
    }), async (client) => {
        const { url } = await (0,_smithy_core_endpoints__WEBPACK_IMPORTED_MODULE_3__.getEndpointFromInstructions)({ Bucket: bucket, Key: 'k' }, _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_2__/* .GetObjectCommand */ .jLs, client.config);
        return url.href.replace(/\/$/, '');
    }, env);
    return { read: (location, digest) => readObject(client, location, digest) };
}
async function readObject(client, location, digest) {
    // One byte more than the limit tells a file at the limit from a larger one.
    const range = `bytes=0-${MOST_OBJECT_BYTES}`;
    const answer = await client
        .send(new _aws_sdk_client_s3__WEBPACK_IMPORTED_MODULE_2__/* .GetObjectCommand */ .jLs({ Bucket: location.bucket, Key: location.key, Range: range }))
        // No byte of an empty object is in any range.
        .catch((error) => {
        if (error.name === 'InvalidRange')
            return { Body: undefined, ContentRange: '' };
        throw error;
    });
    const bytes = (await answer.Body?.transformToByteArray()) ?? new Uint8Array();
    const total = Number(/\/(\d+)$/.exec(answer.ContentRange ?? '')?.[1] ?? bytes.length);
    if (total > MOST_OBJECT_BYTES)
        throw new ObjectError(`it is ${total} bytes, larger than the ${MOST_OBJECT_BYTES} bytes (1 MiB) the action reads`);
    if (digest) {
        const expected = digest.replace(/^sha256:/i, '').toLowerCase();
        const actual = (0,node_crypto__WEBPACK_IMPORTED_MODULE_0__.createHash)('sha256').update(bytes).digest('hex');
        if (actual !== expected)
            throw new ObjectError(`its SHA-256 is ${actual}, not the ContentDigest the model package names (${digest}): the object changed after the package was registered`);
    }
    return new TextDecoder().decode(bytes);
}


/***/ })

};
