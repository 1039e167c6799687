export * from "./firewall-policy";
export * from "./firewall-rules";
export * from "./inspection-vpc";
export * from "./routing";
export * from "./subnet-plan";
export * from "./transit-hub";
export * from "./vpc-core";
