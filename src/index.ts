// Entry point of both steps: action.yml runs this file as `main` and as `post`. The main step
// leaves a mark in the step state, so the post step knows it is one.
import * as core from '@actions/core'
import { run } from './main.js'
import { run as post } from './post.js'

if (core.getState('isPost')) {
  await post()
} else {
  core.saveState('isPost', 'true')
  await run()
}
