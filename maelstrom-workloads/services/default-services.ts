import { deriveSeed, seededRng } from "../model/random.js";
import type { Network } from "../network/network.js";
import { LinKv } from "./lin-kv.js";
import { LinTso } from "./lin-tso.js";
import { LwwKv } from "./lww-kv.js";
import { SeqKv } from "./seq-kv.js";
import type { Service } from "./service.js";
import { ServiceEndpoint } from "./service-endpoint.js";

/** The node ids of Maelstrom's services, which every run has. */
export const SERVICE_IDS = ["lin-kv", "seq-kv", "lww-kv", "lin-tso"] as const;
export type ServiceId = (typeof SERVICE_IDS)[number];

/** Fresh services, as Maelstrom's default-services; seq-kv's and lww-kv's randomness each from its own stream of the seed. */
export function defaultServices(seed: number): Record<ServiceId, Service> {
  return {
    "lin-kv": new LinKv(),
    "seq-kv": new SeqKv(seededRng(deriveSeed(seed, "seq-kv")).next),
    "lww-kv": new LwwKv(seededRng(deriveSeed(seed, "lww-kv")).next),
    "lin-tso": new LinTso(),
  };
}

/** Puts the default services on the network under their ids; returns their endpoints. */
export function registerServices(network: Network, seed: number): ServiceEndpoint[] {
  return Object.entries(defaultServices(seed)).map(([id, service]) => {
    const endpoint = new ServiceEndpoint(id, service, network);
    network.register(id, endpoint);
    return endpoint;
  });
}
