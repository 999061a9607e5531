import { jsonText } from "../model/json-text.js";

/**
 * A message's JSON text, remembered for the message last asked about. A
 * simulated message is turned into the same text up to three times in a row:
 * its journal `send` event, its `recv` event, and the line the receiving node
 * reads (`{"id","src","dest","body"}` is jsonText of the message, key for
 * key: JSON.stringify's text, a BigInt as its exact digits). Within one
 * synchronous step the message cannot change, so asking again for the same
 * object gives the text already made. What JSON cannot carry (a cycle)
 * throws, as JSON.stringify does.
 */
export class MessageText {
  #message: object | undefined;
  #text = "";

  of(message: object): string {
    if (message !== this.#message) {
      this.#text = jsonText(message);
      this.#message = message;
    }
    return this.#text;
  }
}
