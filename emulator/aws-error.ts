/** An error answered the way AWS JSON 1.1 services do: `{ "__type": type, "Message": message }`. */
export class AwsError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status = 400
  ) {
    super(message)
  }
}

export const notFound = (message: string): AwsError => new AwsError('ResourceNotFound', message)
export const conflict = (message: string): AwsError => new AwsError('ConflictException', message)
export const invalid = (message: string): AwsError => new AwsError('ValidationException', message)
