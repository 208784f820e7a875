import { ConfigError } from './config-error';

/**
 * A Docker image reference: [registry[:port]/]name[/name...][:tag][@digest], lowercase
 * path components. Never starts with `-`, so it cannot be read as a `docker run` flag (REF G28).
 */
const IMAGE = /^(?:[a-zA-Z0-9.-]+(?::\d+)?\/)?[a-z0-9]+(?:[._-]+[a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-]+[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

export function validateImageName(image: string, what: string): string {
  if (image.length === 0 || image.length > 255 || !IMAGE.test(image)) {
    throw new ConfigError(`${what}: '${image}' is not a valid Docker image reference (e.g. alpine:latest)`);
  }
  return image;
}
