/** Shared by the load balancer policies: which resources are Application Load Balancers. */
import type { Props } from "../../../lib/props";
import { str } from "../../../lib/props";

/** Load balancer types (the `lb` and the older `alb` module). */
export const LOAD_BALANCER_TYPES = ["aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer"];
export const LISTENER_TYPES = ["aws:lb/listener:Listener", "aws:alb/listener:Listener"];

/** True for an Application Load Balancer (`loadBalancerType` unset means application). */
export const isApplication = (props: Props): boolean =>
    (str(props.loadBalancerType) ?? "application") === "application";

/** True for a load balancer reachable from the internet (`internal` unset means internet-facing). */
export const isInternetFacing = (props: Props): boolean => props.internal !== true;
