#!/usr/bin/env node
/** The CDK app entry point (`cdk synth`, `cdk deploy`). Account and region come from the CLI's profile when
 * it has one; without them the stack synthesizes environment-agnostic, with no credentials needed. */
import { createApp } from '../lib/app.ts';

const account = process.env.CDK_DEFAULT_ACCOUNT;
const region = process.env.CDK_DEFAULT_REGION;
const { app } = createApp({}, account || region ? { env: { account, region } } : {});
app.synth();
