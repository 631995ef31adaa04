import { freePort } from '../../source/core/process/free-port.js';

/** A port with nothing behind it: what a stopped server looks like from a client. */
export const closedPort = freePort;
